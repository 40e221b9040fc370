using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ControlRoom.Host.Tests.Security;

/// <summary>
/// Who may do what: every role against every kind of endpoint, through the real pipeline — and from where: a
/// request another site makes a signed-in browser send, the headers every kind of answer carries, the hub's Origin.
/// </summary>
public sealed class AuthorizationMatrixTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private const string Foreign = "http://evil.example";

    /// <summary>The test server's own origin (its requests go to http://localhost).</summary>
    private const string Own = "http://localhost";

    /// <summary>Another port of the same host: the same site for SameSite cookies, another origin for this check.</summary>
    private const string OtherPort = "http://localhost:8081";

    public static TheoryData<string, string, string, HttpStatusCode> Matrix => new()
    {
        // caller, method, path, expected
        { "anonymous", "GET", "/api/queues", HttpStatusCode.Unauthorized },
        { "anonymous", "GET", "/api/agents", HttpStatusCode.Unauthorized },
        { "anonymous", "POST", "/api/events", HttpStatusCode.Unauthorized },
        { "wrong-key", "GET", "/api/queues", HttpStatusCode.Unauthorized },
        { "wrong-key", "POST", "/api/events", HttpStatusCode.Unauthorized },
        { "key", "GET", "/api/queues", HttpStatusCode.OK },
        { "key", "POST", "/api/events", HttpStatusCode.Accepted },
        { "key", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/api/queues", HttpStatusCode.OK },
        { "viewer", "POST", "/api/events", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "lead", "GET", "/api/agents", HttpStatusCode.OK },
        { "lead", "POST", "/api/events", HttpStatusCode.Forbidden },
        { "lead", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "planner", "GET", "/api/queues", HttpStatusCode.OK },
        { "planner", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "admin", "GET", "/api/queues", HttpStatusCode.OK },
        { "admin", "GET", "/dashboard/", HttpStatusCode.OK },
        { "anonymous", "GET", "/api/sources", HttpStatusCode.Unauthorized },
        { "key", "GET", "/api/sources", HttpStatusCode.Forbidden },
        { "lead", "GET", "/api/sources", HttpStatusCode.Forbidden },
        { "admin", "GET", "/api/sources", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_AnswersEachCallerAsItsRoleAllows(string caller, string method, string path, HttpStatusCode expected)
    {
        using var client = await ClientFor(caller);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new[] { ContractEvents.Offered($"auth-{caller}-{Guid.NewGuid():N}", "auth-q", DateTimeOffset.UtcNow) });
        }

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Pages_RedirectAnonymousVisitorsToSignIn()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Contain("/account/login");
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefused()
    {
        var signIn = () => host.SignInAsync("admin", "not-the-password");

        await signIn.Should().ThrowAsync<InvalidOperationException>().WithMessage("*failed*");
    }

    [Fact]
    public async Task Hub_RefusesAnonymousAndWrongKeys()
    {
        await using var wrongKey = host.Hub(apiKey: "wrong");

        var start = () => wrongKey.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string, string, string?, string?, HttpStatusCode> CrossSite => new()
    {
        // caller, method, path, Origin, Sec-Fetch-Site, expected
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", Foreign, null, HttpStatusCode.Forbidden },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", null, "cross-site", HttpStatusCode.Forbidden },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", OtherPort, "same-site", HttpStatusCode.Forbidden },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", OtherPort, null, HttpStatusCode.Forbidden },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", "null", null, HttpStatusCode.Forbidden },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", Own, null, HttpStatusCode.NotFound },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", Own, "same-origin", HttpStatusCode.NotFound },
        { "lead", "POST", "/api/alerts/xs-queue-1/acknowledge", null, null, HttpStatusCode.NotFound },
        { "planner", "POST", "/api/reroutes/xs-reroute/undo", Foreign, "cross-site", HttpStatusCode.Forbidden },
        { "planner", "POST", "/api/reroutes/xs-reroute/undo", Own, "same-origin", HttpStatusCode.NotFound },
        { "admin", "PUT", "/api/queues/xs-queue/settings", Foreign, null, HttpStatusCode.Forbidden },
        { "admin", "PUT", "/api/queues/xs-queue/settings", Own, "same-origin", HttpStatusCode.OK },
        { "viewer", "POST", "/account/logout", Foreign, "cross-site", HttpStatusCode.Forbidden },
        { "anonymous", "POST", "/account/login", Foreign, "cross-site", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/api/queues", Foreign, "cross-site", HttpStatusCode.OK },
        { "key", "POST", "/api/events", Foreign, "cross-site", HttpStatusCode.Accepted },
        { "key", "GET", "/api/queues", Foreign, "cross-site", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task CookieChanges_MustComeFromThisOrigin_ApiKeysAreUnaffected(
        string caller, string method, string path, string? origin, string? fetchSite, HttpStatusCode expected)
    {
        using var client = await ClientFor(caller);
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(ContractEvents.Offered($"xs-{Guid.NewGuid():N}", "xs-queue", DateTimeOffset.UtcNow));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = path switch
        {
            "/api/events" => JsonContent.Create(new[] { ContractEvents.Offered($"xs-{Guid.NewGuid():N}", "xs-queue", DateTimeOffset.UtcNow) }),
            "/api/queues/xs-queue/settings" => JsonContent.Create(new { serviceLevelThresholdSeconds = 20, shortAbandonSeconds = 5, serviceLevelTarget = 80, timeZone = "Europe/Rome", rules = Array.Empty<object>() }),
            _ when method == "POST" => JsonContent.Create(new { note = "from elsewhere" }),
            _ => null,
        };
        AddBrowserHeaders(request, origin, fetchSite);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.Forbidden)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().Should().EndWith("/cross-site");
        }
    }

    [Fact]
    public async Task ForeignOrigin_WithTheAntiforgeryTokenOfAPage_IsAccepted()
    {
        using var viewer = await host.SignInAsync("viewer");
        var token = await LogoutToken(viewer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent([token]) };
        AddBrowserHeaders(request, OtherPort, "same-site");

        using var response = await viewer.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndTheSessionStays()
    {
        using var viewer = await host.SignInAsync("viewer");

        using var refused = await viewer.PostAsync("/account/logout", null);
        using var stillIn = await viewer.GetAsync("/api/queues");

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        stillIn.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_FromThePagesForm_EndsTheSession()
    {
        using var viewer = await host.SignInAsync("viewer");
        var token = await LogoutToken(viewer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent([token]) };
        AddBrowserHeaders(request, Own, "same-origin");

        using var signedOut = await viewer.SendAsync(request);
        using var after = await viewer.GetAsync("/api/queues");

        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.OriginalString.Should().Be("/account/login");
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string> LiveConnections => new() { "/hubs/wallboard/negotiate?negotiateVersion=1", "/_blazor/negotiate?negotiateVersion=1" };

    [Theory]
    [MemberData(nameof(LiveConnections))]
    public async Task LiveConnection_WithACookie_FromAForeignOrigin_IsRefused(string negotiate)
    {
        using var viewer = await host.SignInAsync("viewer");

        using var foreign = await viewer.SendAsync(Negotiate(negotiate, Foreign, "cross-site"));
        using var otherPort = await viewer.SendAsync(Negotiate(negotiate, OtherPort, "same-site"));
        using var own = await viewer.SendAsync(Negotiate(negotiate, Own, "same-origin"));

        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherPort.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        own.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Hub_WithAnApiKey_AcceptsAnyOrigin()
    {
        await using var hub = host.Hub(headers: new Dictionary<string, string> { ["Origin"] = Foreign });

        await hub.StartAsync();

        hub.State.Should().Be(HubConnectionState.Connected);
    }

    public static TheoryData<string, string, string, bool> Responses => new()
    {
        // what, caller, path, static file
        { "API answer", "key", "/api/queues", false },
        { "401 problem", "anonymous", "/api/queues", false },
        { "403 problem", "viewer", "/api/staffing/recommendations", false },
        { "404 problem", "key", "/api/queues/never-there", false },
        { "400 problem", "key", "/api/staffing/erlang?arrivals=x", false },
        { "sign-in page", "anonymous", "/account/login", false },
        { "board page", "viewer", "/", false },
        { "redirect to sign-in", "anonymous", "/agents", false },
        { "unknown path", "anonymous", "/no/such/page", false },
        { "script", "anonymous", "/js/controlroom.js", true },
        { "framework script", "anonymous", "/_framework/blazor.web.js", true },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders(string what, string caller, string path, bool isStatic)
    {
        using var client = await ClientFor(caller);

        using var response = await client.GetAsync(path);

        var headers = response.Headers;
        Header(response, "X-Content-Type-Options").Should().Be("nosniff", what);
        Header(response, "X-Frame-Options").Should().Be("DENY", what);
        Header(response, "Referrer-Policy").Should().Be("no-referrer", what);
        Header(response, "Permissions-Policy").Should().Contain("camera=()", what);
        var csp = Header(response, "Content-Security-Policy");
        csp.Should().Contain("frame-ancestors 'none'", what).And.Contain("script-src 'self'").And.Contain("default-src 'self'");
        csp.Should().NotContain("unsafe-eval", what);
        if (isStatic)
        {
            headers.CacheControl?.NoStore.Should().NotBe(true, "static files may be cached");
        }
        else
        {
            headers.CacheControl!.NoStore.Should().BeTrue(what);
        }
    }

    public static TheoryData<string> HostileReturnUrls => new()
    {
        "/\\evil.example/", "//evil.example", "/\\\\evil", "\\\\evil", "http://evil.example", "https:evil.example", "/%09/evil.example",
        " /evil", "/\tevil", "javascript:alert(1)", "///evil.example", "/\\/evil", "",
    };

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task LanguageSwitch_NeverSendsAnyoneOffSite(string returnUrl)
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync($"/culture?culture=it-IT&returnUrl={Uri.EscapeDataString(returnUrl)}");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        StaysOnSite(response.Headers.Location!);
    }

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task SignIn_NeverSendsAnyoneOffSite(string returnUrl)
    {
        using var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync("/account/login");
        var token = SignIn.AntiforgeryFieldOf(page);

        // The failed attempt first: a successful one makes the anonymous token of this page stale.
        using var failed = await browser.PostAsync("/account/login", new FormUrlEncodedContent(
            [new("userName", "viewer"), new("password", "wrong"), new("returnUrl", returnUrl), token]));
        using var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(
            [new("userName", "viewer"), new("password", ControlRoomHost.DevelopmentPassword), new("returnUrl", returnUrl), token]));

        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        StaysOnSite(signedIn.Headers.Location!);
        failed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        StaysOnSite(failed.Headers.Location!);
    }

    [Fact]
    public async Task ReturnUrl_WithCharactersBeyondAscii_IsKept_Encoded()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync($"/culture?culture=en-GB&returnUrl={Uri.EscapeDataString("/agents?team=Energia à")}");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/agents?team=Energia%20%C3%A0");
    }

    private static void StaysOnSite(Uri location)
    {
        var target = location.OriginalString;
        target.Should().StartWith("/");
        target.Should().NotStartWith("//").And.NotStartWith("/\\");
        new Uri(new Uri("http://controlroom.test"), target).Host.Should().Be("controlroom.test");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static void AddBrowserHeaders(HttpRequestMessage request, string? origin, string? fetchSite)
    {
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
    }

    private static HttpRequestMessage Negotiate(string path, string origin, string fetchSite)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        AddBrowserHeaders(request, origin, fetchSite);
        return request;
    }

    /// <summary>The antiforgery field of the sign-out form every page's layout carries.</summary>
    private static async Task<KeyValuePair<string, string>> LogoutToken(HttpClient signedIn) =>
        SignIn.AntiforgeryFieldOf(await signedIn.GetStringAsync("/"));

    private async Task<HttpClient> ClientFor(string caller) => caller switch
    {
        "anonymous" => host.AnonymousClient(),
        "wrong-key" => host.ApiClient("wrong"),
        "key" => host.ApiClient(),
        _ => await host.SignInAsync(caller),
    };
}
