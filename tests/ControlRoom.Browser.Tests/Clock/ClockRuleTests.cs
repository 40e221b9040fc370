using System.Globalization;
using System.Text.RegularExpressions;
using ControlRoom.Host.Components.Clock;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Clock;

/// <summary>
/// One clock rule in a real browser: a queue's own moments in the queue's zone, everything else in the person's
/// zone (their browser's until they choose one), and every time names its zone.
/// </summary>
public sealed partial class ClockRuleTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patience = new() { Timeout = 30_000 };

    [Fact]
    public async Task AlertTimeline_ReadsInTheBrowsersZone_AndTheBannerInTheQueuesZone()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("clock-1", "clock-q", DateTimeOffset.UtcNow.AddSeconds(-150)));

        var page = await chromium.SignedInAsync(host, "lead", "/alerts", timeZone: "America/New_York");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-time-zone", "America/New_York");
        var raised = await RaisedEntryAsync(page, "clock-q");
        var at = DateTimeOffset.Parse(await raised.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture);
        await Expect(raised).ToHaveTextAsync(Expected(at, "America/New_York"));
        (await raised.InnerTextAsync()).Should().MatchRegex("E[SD]T$");

        await page.GotoAsync("/");
        var since = page.Locator(".banner[data-queue=clock-q] .banner-since");
        await Expect(since).ToBeVisibleAsync(Patience);
        await Expect(since).ToHaveTextAsync(new Regex("CES?T$"), new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task ChosenZone_IsKeptAndUsed_InsteadOfTheBrowsers()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("clock-2", "clock-q2", DateTimeOffset.UtcNow.AddSeconds(-150)));
        var page = await chromium.SignedInAsync(host, "lead", "/alerts", timeZone: "Europe/London");

        await page.Locator("#time-zone").SelectOptionAsync("Asia/Tokyo");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-time-zone", "Asia/Tokyo", new() { Timeout = 15_000 });
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#time-zone")).ToHaveValueAsync("Asia/Tokyo");
        var raised = await RaisedEntryAsync(page, "clock-q2");
        var at = DateTimeOffset.Parse(await raised.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture);
        await Expect(raised).ToHaveTextAsync(Expected(at, "Asia/Tokyo"));
        (await raised.InnerTextAsync()).Should().EndWith("UTC+9");
    }

    private static async Task<ILocator> RaisedEntryAsync(IPage page, string queueId)
    {
        var card = page.Locator($"article.alert[data-alert-id^='{queueId}-']");
        await Expect(card).ToBeVisibleAsync(Patience);
        await card.Locator("button.details").ClickAsync();
        var time = card.Locator("ol.timeline li[data-action=raised] time");
        await Expect(time).ToBeVisibleAsync(Patience);
        return time;
    }

    /// <summary>What the page must show: HH:mm:ss in the zone, in the page's culture (en-GB), and the zone's name.</summary>
    private static string Expected(DateTimeOffset at, string zone)
    {
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
        return $"{TimeZoneInfo.ConvertTime(at, info).ToString("T", new CultureInfo("en-GB"))} {TimeFormat.Abbreviation(info, at)}";
    }
}
