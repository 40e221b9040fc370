using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ControlRoom.Host.Security;

public static class SecurityExtensions
{
    private const string SmartScheme = "ControlRoom";

    /// <summary>
    /// People sign in with a cookie; machines send <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>). One policy scheme picks per request, so
    /// every endpoint and the hub accept both where their policy allows.
    /// </summary>
    public static IServiceCollection AddControlRoomSecurity(this IServiceCollection services, IConfiguration configuration, bool embedded)
    {
        var keys = configuration.GetSection("Ingest:ApiKeys").Get<string[]>() ?? [];
        if (keys.Length == 0 && embedded)
        {
            keys = [ApiKeyOptions.DevelopmentKey];
        }

        var scrapeKeys = configuration.GetSection("Metrics:ApiKeys").Get<string[]>() ?? [];

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(auth.Users.Count > 0 || !(auth.DevelopmentUsers ?? embedded)
            ? new LocalUserStore(auth.Users)
            : LocalUserStore.Development(auth.DevelopmentPassword));

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "API key or cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyOptions.IsPresented(context.Request) ? ApiKeyOptions.Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeyOptions.Scheme, o =>
            {
                o.Keys = keys;
                o.ScrapeKeys = scrapeKeys;
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.Cookie.Name = "controlroom.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnRedirectToLogin = context => StatusInsteadOfRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = Forbidden;
            })
            .AddControlRoomOidc(configuration);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireRole([.. Roles.People, Roles.Source]))
            .AddPolicy(Policies.EventSource, p => p.RequireRole(Roles.Source))
            .AddPolicy(Policies.MetricsScraper, p => p.RequireRole(Roles.Scraper, Roles.Source, Roles.Admin))
            .AddPolicy(Policies.TeamLead, p => p.RequireRole(Roles.TeamLead, Roles.Admin))
            .AddPolicy(Policies.Planner, p => p.RequireRole(Roles.Planner, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", SignIn).AllowAnonymous()
            .WithSummary("Signs a person in from the login form (userName, password, returnUrl) and sets the session cookie; redirects either way.")
            .Produces(StatusCodes.Status302Found);
        endpoints.MapOidcSignIn();
        endpoints.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization()
            .WithSummary("Ends the session and redirects to the sign-in page.")
            .Produces(StatusCodes.Status302Found);
        return endpoints;
    }

    private static async Task<IResult> SignIn(HttpContext context, [FromForm] string userName, [FromForm] string password,
        [FromForm] string? returnUrl, LocalUserStore users)
    {
        if (users.Verify(userName, password) is not { } user)
        {
            return Results.LocalRedirect($"/account/login?failed=1&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new("display_name", user.DisplayName ?? user.UserName),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    /// <summary>Only local paths, so the sign-in page cannot be used to send people elsewhere.</summary>
    internal static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";

    /// <summary>A signed-in person without the role gets a plain 403 (a page explains it), never a redirect that hides the answer.</summary>
    private static Task Forbidden(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (IsMachinePath(context.Request.Path))
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!doctype html><meta charset=utf-8><title>403</title><body style=\"font:1.4rem system-ui;margin:3rem\">"
            + "<h1>Accesso negato / Access denied</h1><p>Il tuo ruolo non consente questa pagina. / Your role does not allow this page.</p>"
            + "<p><a href=\"/\">Torna alla bacheca / Back to the board</a> · <a href=\"/account/login\">Accedi con un altro utente / Sign in as someone else</a></p>");
    }

    /// <summary>
    /// Paths that programs call (the API, the hub, the scrape endpoint, the API description): they answer 401/403,
    /// never a redirect to a sign-in page. The API reference page is for people, so it redirects like any page.
    /// </summary>
    internal static bool IsMachinePath(PathString path) =>
        (path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/docs"))
        || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi");

    private static Task StatusInsteadOfRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = status;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"controlroom\"";
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
