using System.Globalization;
using ControlRoom.Host.Components.Board;
using ControlRoom.Host.Security;
using ControlRoom.Host.Resources;
using Microsoft.AspNetCore.Localization;

namespace ControlRoom.Host.Components;

public static class UiExtensions
{
    /// <summary>The cultures the UI speaks; the first is the fallback.</summary>
    public static IReadOnlyList<CultureInfo> Cultures { get; } = [new("en-GB"), new("it-IT")];

    public static IServiceCollection AddControlRoomUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o =>
        {
            // Wall boards must notice a dead link quickly: pings every 5 s; the browser gives up on silence after 12 s.
            o.KeepAliveInterval = TimeSpan.FromSeconds(5);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(15);
        });
        services.AddCascadingAuthenticationState();
        services.AddLocalization();
        services.AddSingleton<LiveHistory>();
        services.AddScoped<Clock.UserClock>();
        services.AddSingleton<ILiveQueues, FeedLiveQueues>();
        services.AddSingleton<Agents.AgentRoster>();
        services.AddOptions<BoardOptions>().BindConfiguration("ControlRoom:Board");
        services.AddSingleton<Boards.KioskTokens>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = [.. Cultures];
            o.SupportedUICultures = [.. Cultures];

            // The cookie (the switch) wins; otherwise the browser's first language we speak, whatever its region
            // ("it", "it-CH" → Italian): the stock provider only matches exact supported names.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new CustomRequestCultureProvider(context => Task.FromResult(FromBrowser(context)))];
        });
        return services;
    }

    /// <summary>Request localization; call before the endpoints.</summary>
    public static IApplicationBuilder UseControlRoomUiLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    public static IEndpointRouteBuilder MapControlRoomUi(this IEndpointRouteBuilder endpoints)
    {
        // Eagerly created, so history starts with the node rather than with the first page that needs it.
        _ = endpoints.ServiceProvider.GetRequiredService<LiveHistory>();
        endpoints.MapGet("/culture", SetCulture).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/timezone", SetTimeZone).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return endpoints;
    }

    /// <summary>The language switch: remembers the choice for a year and goes back to the page.</summary>
    private static IResult SetCulture(HttpContext context, string? culture, string? returnUrl)
    {
        var chosen = Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["culture"] = [UiMessages.Get("Error_UnsupportedCulture", string.Join(", ", Cultures.Select(c => c.Name)))],
            }, title: Api.Problems.TitleFor(StatusCodes.Status400BadRequest));
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return Results.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }

    /// <summary>
    /// The time zone chooser: a zone, or <c>browser</c> to follow the browser's own (controlroom.js fills it in,
    /// so the cookie is readable by script, unlike the culture's). Remembered for a year; back to the page.
    /// </summary>
    private static IResult SetTimeZone(HttpContext context, string? zone, string? returnUrl)
    {
        var follow = string.Equals(zone, "browser", StringComparison.OrdinalIgnoreCase);
        if (!follow && !Clock.UserClock.IsKnownZone(zone))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["zone"] = [UiMessages.Get("Error_UnknownTimeZone", zone ?? "")],
            }, title: Api.Problems.TitleFor(StatusCodes.Status400BadRequest));
        }

        context.Response.Cookies.Append(Clock.UserClock.CookieName, follow ? Clock.UserClock.BrowserPrefix : zone!,
            new CookieOptions { Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false, Path = "/" });
        return Results.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }

    private static ProviderCultureResult? FromBrowser(HttpContext context)
    {
        var languages = context.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            var match = Cultures.FirstOrDefault(c => tag.StartsWith(c.TwoLetterISOLanguageName, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return new ProviderCultureResult(match.Name);
            }
        }

        return null;
    }
}
