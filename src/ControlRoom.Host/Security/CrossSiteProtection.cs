using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Security;

/// <summary>
/// Refuses what another site makes a signed-in person's browser send. <c>SameSite=Strict</c> alone does not: a
/// page on another port of the same host is the same site, and a cookie goes with its requests. A request that
/// changes state (any method but GET, HEAD, OPTIONS, TRACE) and every request to a hub (the WebSocket handshake is a
/// GET) must, unless it authenticates with <c>X-Api-Key</c> (no browser sends that header to another origin without
/// a CORS preflight, which this host never grants), come from this origin or a configured one — by
/// <c>Sec-Fetch-Site</c>, else by <c>Origin</c> — or carry a valid antiforgery token; otherwise it gets a 403 problem.
/// A request with neither header is not from a browser (curl, a script) and passes: it has no victim's cookie to
/// abuse. The same rule as Go's <c>http.CrossOriginProtection</c>.
/// </summary>
public sealed class CrossSiteProtection(RequestDelegate next, IOptions<SecurityOptions> options, IAntiforgery antiforgery)
{
    /// <summary>Where an identity provider posts the sign-in answer from its own origin; its state and nonce protect it.</summary>
    public const string OidcCallbackPath = "/signin-oidc";

    private readonly HashSet<string> allowed = [.. options.Value.AllowedOrigins.Select(Normalize).OfType<string>()];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var guarded = IsHubRequest(request.Path) || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if (!guarded || request.Headers.ContainsKey(ApiKeyOptions.Header) || request.Path.StartsWithSegments(OidcCallbackPath)
            || IsSameOrigin(request))
        {
            await next(context);
            return;
        }

        // A page of this site that posts from elsewhere (a form served by another of the site's origins) can still
        // prove itself with the antiforgery token; a GET to a hub cannot carry one.
        if (!HttpMethods.IsGet(request.Method) && await HasValidAntiforgeryToken(context))
        {
            await next(context);
            return;
        }

        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-site request refused",
            detail: "A request that changes state, or opens a live connection, with a session cookie must come from this site's own pages "
                + "(Origin / Sec-Fetch-Site) or carry an antiforgery token. Integrations authenticate with X-Api-Key.",
            type: "https://controlroom.example/problems/cross-site").ExecuteAsync(context);
    }

    /// <summary>The hub of integrations and the Blazor circuit of the boards: both live connections with the person's rights.</summary>
    public static bool IsHubRequest(PathString path) => path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");

    private bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        switch (request.Headers["Sec-Fetch-Site"].ToString())
        {
            case "same-origin" or "none":
                return true;
            case { Length: > 0 }:
                // same-site (another port, another subdomain) or cross-site: only a configured origin.
                return Normalize(origin) is { } named && allowed.Contains(named);
        }

        if (origin.Length == 0)
        {
            return true; // not a browser
        }

        if (Normalize(origin) is not { } normalized)
        {
            return false; // "null" (a sandboxed frame, a data: page) or garbage
        }

        return allowed.Contains(normalized) || SameHost(new Uri(normalized), request.Host);
    }

    /// <summary>
    /// The origin's host and port against the Host the request was sent to; a Host without a port has the default
    /// port of the origin's scheme (the request's own scheme may be http behind a TLS proxy).
    /// </summary>
    private static bool SameHost(Uri origin, HostString host) =>
        host.HasValue && string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == (host.Port ?? (origin.Scheme == Uri.UriSchemeHttps ? 443 : 80));

    private async Task<bool> HasValidAntiforgeryToken(HttpContext context)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (Exception ex) when (ex is AntiforgeryValidationException or InvalidDataException or BadHttpRequestException or IOException)
        {
            return false; // an unreadable form (a JSON body sent as a form, keys over the limits) carries no token
        }
    }

    /// <summary><c>scheme://host:port</c> of an http(s) origin, lower case with the port explicit; null for anything else.</summary>
    public static string? Normalize(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo)
            ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}"
            : null;
}

public static class BrowserProtection
{
    /// <summary>Security headers on every response: first in the pipeline, so every later answer (a 500 too) has them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>Cross-site refusal, after authentication (an antiforgery token is bound to the person) and before authorization.</summary>
    public static IApplicationBuilder UseCrossSiteProtection(this IApplicationBuilder app) => app.UseMiddleware<CrossSiteProtection>();
}
