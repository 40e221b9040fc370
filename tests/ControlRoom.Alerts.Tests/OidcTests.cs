using System.Net;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ControlRoom.Alerts.Tests;

/// <summary>A minimal identity provider: only the discovery document and an empty key set, enough to start a sign-in.</summary>
public sealed class DiscoveryOnlyProvider : LocalEndpoint
{
    protected override void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", (HttpRequest request) =>
        {
            var issuer = $"{request.Scheme}://{request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + "/authorize",
                ["token_endpoint"] = issuer + "/token",
                ["userinfo_endpoint"] = issuer + "/userinfo",
                ["jwks_uri"] = issuer + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        app.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
    }
}

public sealed class OidcHost() : HostBeside<DiscoveryOnlyProvider>(new DiscoveryOnlyProvider())
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Auth:Oidc:Authority", Endpoint.BaseAddress.ToString()),
        new("Auth:Oidc:ClientId", "controlroom-test"),
        new("Auth:Oidc:ClientSecret", "not-a-real-secret"),
        new("Auth:Oidc:RequireHttpsMetadata", "false"),
        new("Auth:Oidc:RoleMap:cc-team-leads", Roles.TeamLead),
    ];
}

public sealed class OidcTests(OidcHost host) : IClassFixture<OidcHost>
{
    [Fact]
    public async Task ConfiguredAuthority_SignInRedirectsToTheProvider_WithCodeFlowAndPkce()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync("/account/oidc?returnUrl=%2Falerts");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.Should().StartWith(host.Endpoint.BaseAddress + "authorize?");
        location.Should().Contain("client_id=controlroom-test").And.Contain("response_type=code").And.Contain("code_challenge_method=S256")
            .And.Contain(Uri.EscapeDataString("/signin-oidc"));
    }

    [Fact]
    public async Task LocalSignIn_StillWorks_BesideSingleSignOn()
    {
        using var lead = await host.SignInAsync("lead");

        using var response = await lead.GetAsync("/api/alerts");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class OidcRoleMappingTests
{
    private readonly OidcOptions options = new() { RoleMap = new() { ["cc-team-leads"] = Roles.TeamLead, ["it-ops"] = "root" } };

    [Fact]
    public void ProviderRoles_AreMappedThroughTheMap_AndControlRoomRolesPassAsTheyAre()
    {
        var roles = options.MapRoles(["cc-team-leads", "viewer", "everyone"]);

        roles.Should().BeEquivalentTo([Roles.TeamLead, Roles.Viewer]);
    }

    [Fact]
    public void MappingToAnUnknownRole_GrantsNothing()
    {
        options.MapRoles(["it-ops", "source"]).Should().BeEmpty();
    }
}

public sealed class OidcOffTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task WithoutAnAuthority_SingleSignOnIsNotThere()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync("/account/oidc");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
