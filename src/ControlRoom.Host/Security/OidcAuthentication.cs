using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ControlRoom.Host.Security;

/// <summary>Configuration section <c>Auth:Oidc</c>: switched on by setting <see cref="Authority"/>.</summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The claim of the identity provider that carries roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim shown as the person's name (and recorded in alert timelines).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Provider role or group → ControlRoom role. Values not listed are ignored, so nobody gains a role by accident.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Allows an http authority (a local identity provider in development and tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The ControlRoom roles a provider's role values map to; identity mapping for values that already are ControlRoom roles.</summary>
    public IReadOnlyList<string> MapRoles(IEnumerable<string> providerRoles) =>
    [
        .. providerRoles
            .Select(r => RoleMap.TryGetValue(r, out var mapped) ? mapped : Roles.People.Contains(r, StringComparer.Ordinal) ? r : null)
            .OfType<string>()
            .Where(r => Roles.People.Contains(r, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal),
    ];
}

public static class OidcAuthentication
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string SignInPath = "/account/oidc";

    /// <summary>Adds OpenID Connect (code flow with PKCE) when <c>Auth:Oidc:Authority</c> is set; the session stays the cookie.</summary>
    public static AuthenticationBuilder AddControlRoomOidc(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        auth.Services.AddSingleton(oidc);
        if (!oidc.Enabled)
        {
            return auth;
        }

        return auth.AddOpenIdConnect(Scheme, "Single sign-on", o =>
        {
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.Scope.Add("profile");
            o.TokenValidationParameters.NameClaimType = ClaimTypes.Name;
            o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
            o.Events.OnTokenValidated = context =>
            {
                // Rebuild the identity in ControlRoom's own terms, so policies and timelines read the same claims as for local users.
                var external = context.Principal!;
                var name = external.FindFirstValue(oidc.NameClaim) ?? external.FindFirstValue("sub") ?? "unknown";
                var claims = new List<Claim> { new(ClaimTypes.Name, name), new("display_name", external.FindFirstValue("name") ?? name) };
                claims.AddRange(oidc.MapRoles(external.FindAll(oidc.RoleClaim).Select(c => c.Value)).Select(r => new Claim(ClaimTypes.Role, r)));
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
                return Task.CompletedTask;
            };
        });
    }

    /// <summary><c>GET /account/oidc?returnUrl=</c> starts single sign-on (404 when it is not configured).</summary>
    public static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, (string? returnUrl, OidcOptions oidc) => oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) }, [Scheme])
                : Api.Problems.NotFound("Problem_NoSso", "Problem_NoSso_Detail"))
            
            .AllowAnonymous()
            .WithSummary("Starts single sign-on with the configured OpenID Connect provider (a redirect).")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
