using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlRoom.Alerts.Tests;

public sealed class ConsoleFixture : IAsyncLifetime
{
    public KestrelControlRoomHost Host { get; } = new();

    public Chromium Chromium { get; } = new();

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await Chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>The console in a real browser: a breach appears live, a team lead acknowledges it there, the audit shows.</summary>
public sealed class ConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patience = new() { Timeout = 15_000 };

    [Fact]
    public async Task Breach_AppearsLive_AndALeadAcknowledgesItInThePage_WithATimelineEntry()
    {
        var page = await SignInAsync("lead");

        await AlertSignals.BreachAsync(fixture.Host, "ui-ack");
        var card = page.Locator("article.alert[data-alert-id^='ui-ack-']");
        await Expect(card).ToBeVisibleAsync(Patience);
        await Expect(page.Locator(".toast", new() { HasText = "ui-ack" })).ToBeVisibleAsync(Patience);
        await Expect(card.Locator(".runbook")).ToContainTextAsync("oldest contact");
        await card.Locator("button.details").ClickAsync();
        await card.Locator("input[name=note]").FillAsync("calling in the backup team");
        await card.Locator("button[name=acknowledge]").ClickAsync();

        var entry = card.Locator("ol.timeline li[data-action=acknowledged]");
        await Expect(entry).ToBeVisibleAsync(Patience);
        await Expect(entry).ToContainTextAsync("lead");
        await Expect(entry).ToContainTextAsync("calling in the backup team");
        await Expect(card.Locator(".status")).ToHaveTextAsync("acknowledged");
        var id = await card.GetAttributeAsync("data-alert-id");
        using var api = fixture.Host.ApiClient();
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        stored.GetProperty("acknowledgedBy").GetString().Should().Be("lead");
    }

    [Fact]
    public async Task Viewer_SeesAlertsReadOnly_WithoutActions()
    {
        var page = await SignInAsync("viewer");

        await AlertSignals.BreachAsync(fixture.Host, "ui-view");
        var card = page.Locator("article.alert[data-alert-id^='ui-view-']");
        await Expect(card).ToBeVisibleAsync(Patience);
        await card.Locator("button.details").ClickAsync();

        await Expect(card.Locator("ol.timeline li[data-action=raised]")).ToBeVisibleAsync(Patience);
        (await card.Locator("button[name=acknowledge]").CountAsync()).Should().Be(0);
        await Expect(page.Locator(".filters")).ToContainTextAsync("Read-only");
    }

    [Fact]
    public async Task RecoveredAlert_InItalian_ShowsItsRunbookInItalian_AndTheValuesThatRaisedAndClearedIt()
    {
        var page = await SignInAsync("lead", "it-IT");
        await page.Locator("#status-filter").SelectOptionAsync("all");

        await AlertSignals.BreachAsync(fixture.Host, "ui-rec");
        var card = page.Locator("article.alert[data-alert-id^='ui-rec-']");
        await Expect(card.Locator(".runbook")).ToContainTextAsync("Rispondi prima al contatto in attesa da più tempo", new() { Timeout = 15_000 });
        await AlertSignals.ClearAsync(fixture.Host, "ui-rec");

        // Not "0:00 rispetto a 2:00": the wait that raised it (2:30 or a moment more) and the one it recovered at, against the critical line it crossed.
        await Expect(card.Locator(".status")).ToHaveTextAsync("risolto", new() { Timeout = 15_000 });
        await Expect(card.Locator(".rule b")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^scattato a 2:3\\d, peggiore 2:3\\d, rientrato a 0:00, rispetto a 2:00$"), new() { Timeout = 15_000 });
    }

    private async Task<IPage> SignInAsync(string user, string locale = "en-GB")
    {
        var page = await fixture.Chromium.NewPageAsync(fixture.Host.BaseAddress.ToString(), locale);
        await page.GotoAsync("/account/login?returnUrl=%2Falerts");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", ControlRoomHost.DevelopmentPassword);
        await page.ClickAsync("button[type=submit]");
        // Committed is enough: readiness is the live marker below. Waiting for the page's load event as well timed out
        // once in 90 s on a CI run whose other browser tests shared the two cores, with the network long idle.
        await page.WaitForURLAsync("**/alerts", new() { WaitUntil = WaitUntilState.Commit });

        // The page is live once Blazor's circuit runs it; only then can a pushed alert or a click reach it.
        await Expect(page.Locator("section.alerts[data-live=true]")).ToBeVisibleAsync(Patience);
        return page;
    }
}
