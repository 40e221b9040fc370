namespace ControlRoom.Host.Security;

/// <summary>Configuration section <c>Security</c>: origins, framing and proxies.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Origins (<c>https://boards.example.com</c>) besides the host's own that may send cookie-authenticated changes
    /// and open hub connections with a cookie. Default: none, only the host's own origin.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Origins that may show <c>/kiosk</c> in a frame (digital-signage players). Default: none; no page may be framed.</summary>
    public List<string> KioskFrameAncestors { get; set; } = [];

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (the
    /// client's address for rate limits, HTTPS for HSTS). Default: loopback only.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];
}
