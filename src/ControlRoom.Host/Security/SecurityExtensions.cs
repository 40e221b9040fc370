using System.Net;
using System.Security.Claims;
using ControlRoom.Host.Components.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.HttpOverrides;
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

        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .Validate(o => o.AllowedOrigins.All(a => CrossSiteProtection.Normalize(a) is not null), "Security:AllowedOrigins must be http(s) origins such as https://boards.example.com")
            .ValidateOnStart();
        services.AddControlRoomRateLimits(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the configured proxies (loopback by default) are believed about the client's address and scheme.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.KnownProxies ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>
    /// The protections in front of everything: the client's real address and scheme from a trusted proxy, security
    /// headers on every response, HSTS over HTTPS outside Development, the error pages (so every refusal is a problem
    /// document), then who is asking, and whether their browser was sent by another site, before what they may do.
    /// </summary>
    public static WebApplication UseControlRoomProtection(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseCrossSiteProtection();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Signs a person in from the login form (userName, password, returnUrl, antiforgery token) and sets the session cookie; redirects either way.")
            .Produces(StatusCodes.Status302Found);
        endpoints.MapOidcSignIn();
        endpoints.MapPost("/account/logout", SignOut).RequireAuthorization()
            .WithSummary("Ends the session (the layout's form with its antiforgery token) and redirects to the sign-in page.")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    /// <summary>Sign-out is a POST from the layout's form with its antiforgery token: no other site can sign a person out.</summary>
    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                detail: "Sign out with the button of a ControlRoom page.");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/account/login");
    }

    private static async Task<IResult> SignIn(HttpContext context, [FromForm] string userName, [FromForm] string password,
        [FromForm] string? returnUrl, LocalUserStore users)
    {
        if (users.Verify(userName, password) is not { } user)
        {
            return Results.LocalRedirect($"/account/login?failed=1&returnUrl={Uri.EscapeDataString(LocalUrl.OrRoot(returnUrl))}");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new("display_name", user.DisplayName ?? user.UserName),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Results.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }

    /// <summary>
    /// A signed-in person without the role gets a 403, never a redirect that hides the answer: for a page, a page in
    /// their language that says so (APIs and the hub get the status alone).
    /// </summary>
    private static async Task Forbidden(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (IsMachinePath(context.Request.Path) || !AcceptsHtml(context.Request))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(AccessDenied.UserName)] = context.HttpContext.User.Identity?.Name });
            return (await renderer.RenderComponentAsync<AccessDenied>(parameters)).ToHtmlString();
        });
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    }

    internal static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

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
