using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Security;

public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The same key as <c>Authorization: Bearer &lt;key&gt;</c>, the form scrapers and most HTTP tools send.</summary>
    public const string BearerPrefix = "Bearer ";

    /// <summary>
    /// The claim naming the key's holder without revealing it: <c>key-</c> and the first 8 hex digits of the key's
    /// SHA-256 (<c>printf %s "$KEY" | sha256sum | cut -c1-8</c>). Metrics carry it as their <c>source</c>.
    /// </summary>
    public const string SourceClaim = "controlroom:source";

    /// <summary>The documented key of the embedded default, used only when configuration lists none.</summary>
    public const string DevelopmentKey = "dev-controlroom-key";

    /// <summary>Keys of event sources and screens (<c>Ingest:ApiKeys</c>): post events, read, use the hub.</summary>
    public IReadOnlyList<string> Keys { get; set; } = [];

    /// <summary>Keys that may only scrape <c>/metrics</c> (<c>Metrics:ApiKeys</c>), for a Prometheus whose configuration many can read.</summary>
    public IReadOnlyList<string> ScrapeKeys { get; set; } = [];

    /// <summary>Whether the request carries a key in either form (the policy scheme then picks this handler).</summary>
    public static bool IsPresented(HttpRequest request) =>
        request.Headers.ContainsKey(Header)
        || request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The key fingerprint of an authenticated machine (the <c>source</c> of its events in metrics).</summary>
    public static string SourceOf(ClaimsPrincipal user) => user.FindFirst(SourceClaim)?.Value ?? "unknown";

    /// <summary>The label that stands for a key in metrics and logs.</summary>
    public static string Fingerprint(string key) =>
        "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
}

/// <summary>
/// Authenticates machines by the <c>X-Api-Key</c> header or <c>Authorization: Bearer</c>, comparing in constant time.
/// An ingest key gets the source role; a scrape key only the scraper role.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { Length: > 0 } value)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(value);
        var role = Matches(presented, Options.Keys) ? Roles.Source : Matches(presented, Options.ScrapeKeys) ? Roles.Scraper : null;
        if (role is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "api-key:" + value[..Math.Min(4, value.Length)] + "…"),
            new Claim(ClaimTypes.Role, role),
            new Claim(ApiKeyOptions.SourceClaim, ApiKeyOptions.Fingerprint(value)),
            new Claim(RateLimits.CallerClaim, "key:" + ApiKeyOptions.Fingerprint(value)),
        ], ApiKeyOptions.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyOptions.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"controlroom\"";
        return Task.CompletedTask;
    }

    /// <summary>The key of either header; <c>X-Api-Key</c> wins when both are sent.</summary>
    private string? Presented()
    {
        if (Request.Headers.TryGetValue(ApiKeyOptions.Header, out var values) && values.Count > 0)
        {
            return values.ToString();
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith(ApiKeyOptions.BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[ApiKeyOptions.BearerPrefix.Length..].Trim()
            : null;
    }

    /// <summary>Every key is compared, so the time taken does not tell which list (if any) matched.</summary>
    private static bool Matches(byte[] presented, IReadOnlyList<string> keys)
    {
        var found = false;
        foreach (var key in keys)
        {
            found |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key));
        }

        return found;
    }
}
