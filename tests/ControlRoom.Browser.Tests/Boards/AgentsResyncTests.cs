using System.Text.RegularExpressions;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The agents view after an outage: it says it is not live, then reloads every agent as the boards do.</summary>
public sealed class AgentsResyncTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AgentsView_AfterGoingOfflineAndBack_ReloadsAFullSnapshot_WithWhatChangedMeanwhile()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(AgentState("rs-agent", "available", DateTimeOffset.UtcNow.AddSeconds(-10), "rs-queue"));
        var page = await chromium.SignedInAsync(host, "viewer", "/agents");
        var view = page.Locator("[data-live-view=agents]");
        var row = page.Locator("[data-agent=rs-agent]");
        await Expect(row.Locator(".agent-state")).ToContainTextAsync("available", new() { Timeout = 15_000 });
        await Expect(view).ToHaveAttributeAsync("data-resyncs", "0");
        await page.WaitForFunctionAsync("() => window.controlroom && window.controlroom.isLive()", null, new() { Timeout = 15_000 });

        await page.Context.SetOfflineAsync(true);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync(BrowserSession.Visible);
        await api.PostAcceptedAsync(AgentState("rs-agent", "away", DateTimeOffset.UtcNow, "rs-queue"));
        await page.Context.SetOfflineAsync(false);

        // At least one full reload (a flapping connection may cause more).
        await Expect(view).ToHaveAttributeAsync("data-resyncs", new Regex("^[1-9][0-9]*$"), new() { Timeout = 20_000 });
        await Expect(row.Locator(".agent-state")).ToContainTextAsync("away", new() { Timeout = 15_000 });
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(new() { Timeout = 20_000 });
    }
}
