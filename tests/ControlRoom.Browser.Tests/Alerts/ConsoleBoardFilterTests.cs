using ControlRoom.Contracts.Boards;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Alerts;

/// <summary>The alert console narrowed to one board's queues (a client, a team), as the agents view is.</summary>
public sealed class ConsoleBoardFilterTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private IBoardsGrain Boards => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0);

    [Fact]
    public async Task BoardFilter_ShowsOnlyTheBoardsQueues_AndAllAgainWhenCleared()
    {
        await Boards.SaveBoard(new BoardDefinition("client-cf", "Client CF", ["cf-mine"], BoardDensity.Normal));
        await BreachAsync("cf-mine");
        await BreachAsync("cf-other");
        var page = await chromium.SignedInAsync(host, "lead", "/alerts");
        var mine = page.Locator("article.alert[data-alert-id^='cf-mine-']");
        var other = page.Locator("article.alert[data-alert-id^='cf-other-']");
        await Expect(mine).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(other).ToBeVisibleAsync(BrowserSession.Visible);

        await page.Locator("#board-filter").SelectOptionAsync("client-cf");

        await Expect(other).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(mine).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("#queue-filter option[value=cf-other]")).ToHaveCountAsync(0);

        await page.Locator("#board-filter").SelectOptionAsync("");

        await Expect(other).ToBeVisibleAsync(BrowserSession.Visible);
    }

    [Fact]
    public async Task BoardInTheAddress_OpensTheConsoleOnThatBoard()
    {
        await Boards.SaveBoard(new BoardDefinition("client-cq", "Client CQ", ["cq-mine"], BoardDensity.Normal));
        await BreachAsync("cq-mine");
        await BreachAsync("cq-other");

        var page = await chromium.SignedInAsync(host, "lead", "/alerts?board=client-cq");

        await Expect(page.Locator("article.alert[data-alert-id^='cq-mine-']")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("#board-filter")).ToHaveValueAsync("client-cq");
        await Expect(page.Locator("article.alert[data-alert-id^='cq-other-']")).ToHaveCountAsync(0);

        // The other queue's alert exists: it was hidden by the board, not missing.
        await page.Locator("#board-filter").SelectOptionAsync("");
        await Expect(page.Locator("article.alert[data-alert-id^='cq-other-']")).ToBeVisibleAsync(BrowserSession.Visible);
    }

    /// <summary>A contact offered 150 s ago: the default longest-wait rule raises a critical alert at once.</summary>
    private async Task BreachAsync(string queueId)
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered($"{queueId}-call", queueId, DateTimeOffset.UtcNow.AddSeconds(-150)));
    }
}
