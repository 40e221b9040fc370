using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The agents view shows one page of a large room, filtered on the server: a screenful of rows, not the roster.</summary>
public sealed class AgentsPagingTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task LargeRoom_IsShownAPageAtATime_AndFiltersAcrossAllPages()
    {
        using var api = host.ApiClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        await api.PostAcceptedAsync([.. Enumerable.Range(1, 130).Select(i =>
        {
            var e = AgentState($"big-{i:000}", i % 10 == 0 ? "away" : "available", at, "big-q");
            e["attributes"] = new JsonObject { ["team"] = i <= 65 ? "Nord" : "Sud" };
            return e;
        })]);

        var page = await chromium.SignedInAsync(host, "viewer", "/agents");

        await Expect(page.Locator(".agent-row")).ToHaveCountAsync(100, new() { Timeout = 15_000 });
        await Expect(page.Locator(".page-of")).ToHaveTextAsync("Page 1/2");
        await page.Locator("#agents-next").ClickAsync();
        await Expect(page.Locator(".agent-row")).ToHaveCountAsync(30);
        await Expect(page.Locator("[data-agent=big-130]")).ToBeVisibleAsync();

        await page.Locator("#filter-state").SelectOptionAsync("Away");
        await Expect(page.Locator(".agent-row")).ToHaveCountAsync(13);
        await Expect(page.Locator(".pager")).ToHaveCountAsync(0);
        await page.Locator("#filter-team").SelectOptionAsync("Sud");
        await Expect(page.Locator(".agent-row")).ToHaveCountAsync(7);
        await Expect(page.Locator(".agent-count")).ToHaveTextAsync("7 agents");
    }
}
