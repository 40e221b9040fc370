using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The all-queues board in a real Chromium against the real host on a Kestrel port.</summary>
public sealed class BoardTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Board_RendersTilesForASignedInViewer()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("render-1", "br-render", DateTimeOffset.UtcNow.AddSeconds(-5)));

        var page = await chromium.SignedInAsync(host, "viewer");

        var tile = page.Tile("br-render");
        await Expect(tile).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(tile.Locator(".waiting .value")).ToHaveTextAsync("1");
        await Expect(tile.Locator(".status-text")).ToHaveTextAsync("OK");
        await Expect(page.Locator("[data-chart=board-waiting] .apexcharts-canvas")).ToBeVisibleAsync(BrowserSession.Visible);

        // Even with a single point (a room just started), the chart's time axis reads as times of day, not as dates.
        var labels = page.Locator("[data-chart=board-waiting] .apexcharts-xaxis-label tspan");
        await Expect(labels.First).ToBeVisibleAsync(BrowserSession.Visible);
        (await labels.AllTextContentsAsync()).Where(t => t.Trim().Length > 0).Should().NotBeEmpty()
            .And.OnlyContain(t => System.Text.RegularExpressions.Regex.IsMatch(t.Trim(), @"^\d\d:\d\d$"));
    }

    [Fact]
    public async Task NewQueue_AppearsWithItsFirstEvent_WhileTheBoardIsOpen()
    {
        var page = await chromium.SignedInAsync(host, "viewer");
        await page.WaitForLiveAsync();
        using var api = host.ApiClient();

        await api.PostAcceptedAsync(Offered("appear-1", "br-appear", DateTimeOffset.UtcNow));

        await Expect(page.Tile("br-appear")).ToBeVisibleAsync(BrowserSession.Visible);
    }

    [Fact]
    public async Task Breach_PostedThroughTheApi_ShowsABannerAndTurnsTheTileCritical()
    {
        var page = await chromium.SignedInAsync(host, "viewer");
        await page.WaitForLiveAsync();
        using var api = host.ApiClient();

        await api.PostAcceptedAsync(Offered("breach-1", "br-breach", DateTimeOffset.UtcNow.AddSeconds(-150)));

        var banner = page.Locator(".banner-critical[data-queue=br-breach][data-rule=longest-wait]");
        await Expect(banner).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(banner.Locator(".banner-severity")).ToHaveTextAsync("Critical");
        await Expect(banner.Locator(".banner-metric")).ToHaveTextAsync("Longest wait");
        await Expect(page.Tile("br-breach").Locator(".status-text")).ToHaveTextAsync("Critical");
    }

    [Fact]
    public async Task GoingOffline_ShowsTheStaleNotice_AndComingBackClearsIt()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("stale-1", "br-stale", DateTimeOffset.UtcNow));
        var page = await chromium.SignedInAsync(host, "viewer");
        await Expect(page.Tile("br-stale")).ToBeVisibleAsync(BrowserSession.Visible);
        await page.WaitForLiveAsync();
        var notice = page.Locator("#components-reconnect-modal");

        await page.Context.SetOfflineAsync(true);
        await Expect(notice).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(notice).ToContainTextAsync("Not live since");
        await Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("not-live"));

        await page.Context.SetOfflineAsync(false);
        await Expect(notice).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Expect(page.Tile("br-stale")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Board_SpeaksItalian_WhenTheBrowserPrefersIt()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("it-1", "br-italian", DateTimeOffset.UtcNow));

        var page = await chromium.SignedInAsync(host, "viewer", locale: "it-IT");

        await Expect(page.Tile("br-italian").Locator(".waiting .label")).ToHaveTextAsync("In attesa", new() { Timeout = 15_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tutte le code");
    }

    [Fact]
    public async Task Screen_SendingAListedApiKey_SeesTheBoardLiveWithoutSigningIn()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1920, Height = 1080 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = ControlRoomHost.DevelopmentKey },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForLiveAsync();
        using var api = host.ApiClient();

        await api.PostAcceptedAsync(Offered("screen-1", "br-screen", DateTimeOffset.UtcNow));

        await Expect(page.Tile("br-screen")).ToBeVisibleAsync(BrowserSession.Visible);
        page.Url.Should().NotContain("/account/login");
        await context.CloseAsync();
    }
}
