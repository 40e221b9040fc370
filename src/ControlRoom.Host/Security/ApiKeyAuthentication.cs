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

    /// <summary>The documented key of the embedded default, used only when configuration lists none.</summary>
    public const string DevelopmentKey = "dev-controlroom-key";

    public IReadOnlyList<string> Keys { get; set; } = [];
}

/// <summary>Authenticates machines by the <c>X-Api-Key</c> header, comparing in constant time.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyOptions.Header, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(values.ToString());
        foreach (var key in Options.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key)))
            {
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.Name, "api-key:" + key[..Math.Min(4, key.Length)] + "…"),
                        new Claim(ClaimTypes.Role, Roles.Source),
                        new Claim(RateLimits.CallerClaim, "key:" + Convert.ToHexString(SHA256.HashData(presented), 0, 8)),
                    ],
                    ApiKeyOptions.Scheme);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyOptions.Scheme)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
