using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Localisation;

/// <summary>The alert console and the planner page speak Italian to a browser that prefers it, numbers included.</summary>
public sealed class ItalianPagesTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = 15_000 };

    [Fact]
    public async Task AlertConsole_InAnItalianBrowser_ShowsItalianLabelsAndActions()
    {
        var page = await chromium.SignedInAsync(host, "admin", "/alerts", "it-IT");
        using var api = host.ApiClient();

        // Offered 150 s ago: the default longest-wait rule is already critical.
        await api.PostAcceptedAsync(Offered("it-alert-call", "it-alert", DateTimeOffset.UtcNow.AddSeconds(-150)));
        var card = page.Locator("article.alert[data-alert-id^='it-alert-']");
        await Expect(card).ToBeVisibleAsync(BrowserSession.Visible);
        await card.Locator("button.details").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Allarmi", Within);
        await Expect(card.Locator(".severity")).ToContainTextAsync("Critico", new() { Timeout = 15_000 });
        await Expect(card.Locator(".status")).ToHaveTextAsync("aperto", Within);
        await Expect(card.Locator("button[name=acknowledge]")).ToHaveTextAsync("Prendi in carico", Within);
        await Expect(card.Locator("button[name=snooze]")).ToHaveTextAsync("Posticipa", Within);
        await Expect(card.Locator("button[name=resolve]")).ToHaveTextAsync("Risolvi", Within);
        await Expect(card.Locator("ol.timeline li[data-action=raised] .what")).ToHaveTextAsync("aperto", Within);
        await Expect(card.Locator("ol.timeline li[data-action=raised] .who")).ToHaveTextAsync("dal sistema", Within);
        await Expect(card.Locator("ol.timeline li[data-action=raised] .note")).ToContainTextAsync("Attesa massima", new() { Timeout = 15_000 });
        await Expect(card.Locator("ol.timeline li[data-action=raised] .note")).ToContainTextAsync("rispetto a 2:00", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Planner_InAnItalianBrowser_ShowsItalianLabels_AndDecimalCommas()
    {
        var page = await chromium.SignedInAsync(host, "planner", "/planner", "it-IT");

        await page.Locator("#calculate").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Dimensionamento e instradamento", Within);
        await Expect(page.Locator("#what-if")).ToHaveTextAsync("Simula", Within);
        await Expect(page.Locator(".planner-calculator h2")).ToHaveTextAsync("Calcolatore Erlang", Within);
        await Expect(page.Locator("#calc-result")).ToContainTextAsync("P(attesa)", new() { Timeout = 15_000 });
        // The reference case's probability of waiting, 0.17413, written the Italian way.
        await Expect(page.Locator("#calc-result")).ToContainTextAsync("0,17413", new() { Timeout = 15_000 });
    }
}
