using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;

namespace ControlRoom.Host.Tests.Security;

/// <summary>The host as deployed: Production, on a real port, with a trusted boards origin and a signage player that frames the kiosk.</summary>
public sealed class ProductionHost : KestrelControlRoomHost
{
    public const string BoardsOrigin = "https://boards.example";
    public const string SignageOrigin = "https://signage.example";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Security:AllowedOrigins:0", BoardsOrigin), new("Security:KioskFrameAncestors:0", SignageOrigin)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Issue 14 items 4 and 5 where they depend on deployment: HSTS behind HTTPS, kiosk framing, configured origins, the hub's Origin over a real WebSocket.</summary>
public sealed class ProductionProtectionTests(ProductionHost host) : IClassFixture<ProductionHost>
{
    [Fact]
    public async Task Hsts_IsSent_ForRequestsAProxyForwardedAsHttps()
    {
        using var client = host.AnonymousClient();
        using var overHttps = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        overHttps.Headers.Host = "controlroom.example";
        overHttps.Headers.Add("X-Forwarded-Proto", "https");
        using var overHttp = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        overHttp.Headers.Host = "controlroom.example";

        using var secure = await client.SendAsync(overHttps);
        using var plain = await client.SendAsync(overHttp);

        secure.Headers.Contains("Strict-Transport-Security").Should().BeTrue("the proxy (loopback, trusted by default) says the browser used HTTPS");
        plain.Headers.Contains("Strict-Transport-Security").Should().BeFalse("HSTS over plain HTTP means nothing and is not sent");
    }

    [Fact]
    public async Task Kiosk_MayBeFramedByTheConfiguredSignage_OtherPagesByNobody()
    {
        using var client = host.AnonymousClient();

        using var kiosk = await client.GetAsync("/kiosk?boards=none&token=none");
        using var login = await client.GetAsync("/account/login");

        Csp(kiosk).Should().Contain($"frame-ancestors {ProductionHost.SignageOrigin}");
        kiosk.Headers.Contains("X-Frame-Options").Should().BeFalse("X-Frame-Options cannot name an origin and would forbid the signage player");
        Csp(login).Should().Contain("frame-ancestors 'none'");
        login.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
    }

    [Fact]
    public async Task ConfiguredOrigin_MaySendCookieChanges()
    {
        using var lead = await host.SignInAsync("lead");

        using var trusted = await lead.SendAsync(Acknowledge(ProductionHost.BoardsOrigin));
        using var foreign = await lead.SendAsync(Acknowledge("https://evil.example"));

        trusted.StatusCode.Should().Be(HttpStatusCode.NotFound, "the configured origin passes; the alert does not exist");
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task HubWebSocket_WithACookie_ChecksTheOrigin()
    {
        var cookie = await SessionCookie("viewer");
        var hub = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/hubs/wallboard" }.Uri;

        var foreign = () => Connect(hub, cookie, "http://evil.example");
        using var own = await Connect(hub, cookie, host.BaseAddress.GetLeftPart(UriPartial.Authority));

        (await foreign.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("403");
        own.State.Should().Be(WebSocketState.Open);
    }

    private static async Task<ClientWebSocket> Connect(Uri hub, string cookie, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(hub, CancellationToken.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Signs in through the form, as a browser, and returns the session cookie for a client of another kind.</summary>
    private async Task<string> SessionCookie(string user)
    {
        var jar = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        var token = SignIn.AntiforgeryFieldOf(await browser.GetStringAsync("/account/login"));
        using var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = ControlRoomHost.DevelopmentPassword,
            [token.Key] = token.Value,
        }));
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return jar.GetCookieHeader(host.BaseAddress);
    }

    private static HttpRequestMessage Acknowledge(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/nowhere-1/acknowledge") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        return request;
    }

    private static string Csp(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
}
