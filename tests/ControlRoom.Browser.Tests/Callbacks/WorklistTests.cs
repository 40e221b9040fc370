using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Callbacks;

/// <summary>The call-back worklist in a real browser: live arrivals, a lead's actions, a viewer's read-only Italian page.</summary>
public sealed class WorklistTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task NewAbandon_AppearsAtOnce_AndALeadTakesItAndCallsBack()
    {
        var page = await chromium.SignedInAsync(host, "lead", "/callbacks");
        await page.Locator("section.callbacks[data-live=true]").WaitForAsync(new() { Timeout = 30_000 });
        var row = page.Locator("#callbacks-main tr[data-interaction-id='wl-live-1']");

        await AbandonAsync("wl-live-1", "wl-live", "+39 06 555 0199", TimeSpan.FromSeconds(45));

        await Expect(row).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(row).ToContainTextAsync("+39 06 555 0199");
        await Expect(row.Locator(".status")).ToContainTextAsync("Open");

        await row.Locator("button[name=claim]").ClickAsync();
        await Expect(row.Locator(".status")).ToContainTextAsync("taken by lead", new() { Timeout = 15_000 });

        await row.Locator("select[name=outcome]").SelectOptionAsync("Voicemail");
        await row.Locator("input[name=note]").FillAsync("left a message");
        await row.Locator("button[name=done]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        await page.Locator("#status-filter").SelectOptionAsync("closed");
        await Expect(row.Locator(".status")).ToContainTextAsync("Called back", new() { Timeout = 15_000 });
        await Expect(row.Locator(".status")).ToContainTextAsync("voicemail");
        await Expect(row.Locator(".status")).ToContainTextAsync("left a message");
    }

    [Fact]
    public async Task Viewer_InItalian_SeesShortAbandonsApart_AndCannotAct()
    {
        await AbandonAsync("wl-it-long", "wl-it", "cust-it-1", TimeSpan.FromSeconds(90));
        await AbandonAsync("wl-it-short", "wl-it", "cust-it-2", TimeSpan.FromSeconds(3));

        var page = await chromium.SignedInAsync(host, "viewer", "/callbacks", locale: "it-IT");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Chiamate abbandonate da richiamare", new() { Timeout = 30_000 });
        await Expect(page.Locator("#callbacks-main tr[data-interaction-id='wl-it-long']")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("#callbacks-short tr[data-interaction-id='wl-it-short']")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("#callbacks-main tr[data-interaction-id='wl-it-short']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#callbacks-main tr[data-interaction-id='wl-it-long'] .status")).ToContainTextAsync("Aperta");
        await Expect(page.Locator("button[name=claim]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".hint").First).ToContainTextAsync("Sola lettura");
    }

    private async Task AbandonAsync(string interactionId, string queueId, string customerId, TimeSpan waited)
    {
        using var api = host.ApiClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var offered = Offered(interactionId, queueId, at - waited);
        offered["customerId"] = customerId;
        await api.PostAcceptedAsync(offered, Abandoned(interactionId, at));
    }
}
