using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ControlRoom.Host.Security;

/// <summary>
/// The browser-side defences, on every response whoever writes it (pages, API, problems, the sign-in page,
/// static files): set when the response starts, so a 401 from authentication or a 500 from the exception handler
/// carries them as well.
/// </summary>
public sealed class SecurityHeaders
{
    /// <summary>
    /// What the UI needs and nothing more: its own scripts (Blazor, ApexCharts, no eval), its own connections (the
    /// circuit's WebSocket is same-origin, which <c>'self'</c> covers), styles inline as well because ApexCharts and
    /// Blazor set style attributes, images and fonts from itself or <c>data:</c> (chart exports, icons).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Powerful browser features no ControlRoom page uses, switched off for every page and anything framed in it.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), bluetooth=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
        + "microphone=(), midi=(), payment=(), serial=(), usb=()";

    private readonly RequestDelegate next;
    private readonly string pagePolicy;
    private readonly string? kioskPolicy;

    public SecurityHeaders(RequestDelegate next, IOptions<SecurityOptions> options)
    {
        this.next = next;
        pagePolicy = ContentSecurityPolicy + "; frame-ancestors 'none'";
        var ancestors = options.Value.KioskFrameAncestors.Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        kioskPolicy = ancestors.Count > 0 ? ContentSecurityPolicy + "; frame-ancestors " + string.Join(' ', ancestors) : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(Apply, context);
        return next(context);
    }

    private Task Apply(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer"; // kiosk links carry their token in the query
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (kioskPolicy is not null && context.Request.Path.StartsWithSegments("/kiosk"))
        {
            // Framing by the configured signage origins only; X-Frame-Options cannot name them, so it is left out.
            headers.ContentSecurityPolicy = kioskPolicy;
            headers.Remove(HeaderNames.XFrameOptions);
        }
        else
        {
            // An endpoint with a whole policy of its own (the API reference's nonce policy) keeps it; it forbids
            // framing too. Blazor's default (only frame-ancestors 'self') is replaced by ours.
            if (!headers.ContentSecurityPolicy.ToString().Contains("default-src", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = pagePolicy;
            }

            headers.XFrameOptions = "DENY";
        }

        // Static files say how long they may be kept; everything else (API answers, pages for a signed-in person,
        // problems, CSV exports) is live or personal and must not sit in a cache, whatever a component suggested.
        if (!headers.ContainsKey(HeaderNames.CacheControl) || IsLiveContent(context.Response.ContentType))
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }

    private static bool IsLiveContent(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("json", StringComparison.OrdinalIgnoreCase));
}
