using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The queue page and the agents view, live in a real browser.</summary>
public sealed class PageTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task QueuePage_DrawsTheDayCharts_ForAQueueWithContacts()
    {
        var now = DateTimeOffset.UtcNow;
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(
            Offered("qp-1", "qp-queue", now.AddSeconds(-90)), Answered("qp-1", "qp-agent", now.AddSeconds(-80)),
            Offered("qp-2", "qp-queue", now.AddSeconds(-30)));

        var page = await chromium.SignedInAsync(host, "viewer", "/queues/qp-queue");

        await Expect(page.Tile("qp-queue")).ToBeVisibleAsync(BrowserSession.Visible);
        foreach (var chart in new[] { "queue-sl", "queue-wait", "queue-volumes", "queue-agents" })
        {
            await Expect(page.Locator($"[data-chart={chart}] .apexcharts-canvas")).ToBeVisibleAsync(BrowserSession.Visible);
        }
    }

    [Fact]
    public async Task QueuePage_ForAnUnknownQueue_SaysSo()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/queues/never-seen");

        await Expect(page.Locator(".empty")).ToHaveTextAsync("No event has named this queue yet.", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task AgentsView_ShowsAStateChange_Live()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(AgentState("ag-live", "available", DateTimeOffset.UtcNow.AddSeconds(-10), "ag-queue"));
        var page = await chromium.SignedInAsync(host, "viewer", "/agents");
        var row = page.Locator("[data-agent=ag-live]");
        await Expect(row.Locator(".agent-state")).ToContainTextAsync("available", new() { Timeout = 15_000 });

        await api.PostAcceptedAsync(AgentState("ag-live", "away", DateTimeOffset.UtcNow, "ag-queue"));

        await Expect(row.Locator(".agent-state")).ToContainTextAsync("away", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task AgentsView_FiltersByQueue()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(
            AgentState("ag-f1", "available", DateTimeOffset.UtcNow, "ag-q1"),
            AgentState("ag-f2", "available", DateTimeOffset.UtcNow, "ag-q2"));
        var page = await chromium.SignedInAsync(host, "viewer", "/agents");
        await Expect(page.Locator("[data-agent=ag-f2]")).ToBeVisibleAsync(BrowserSession.Visible);

        await page.Locator("#filter-queue").SelectOptionAsync("ag-q1");

        await Expect(page.Locator("[data-agent=ag-f2]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-agent=ag-f1]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AgentsView_ShowsTeams_AndFiltersByTeam()
    {
        using var api = host.ApiClient();
        var verdi = AgentState("ag-t1", "available", DateTimeOffset.UtcNow, "ag-tq");
        verdi["attributes"] = new JsonObject { ["team"] = "Team Verdi" };
        var neri = AgentState("ag-t2", "busy", DateTimeOffset.UtcNow, "ag-tq");
        neri["attributes"] = new JsonObject { ["team"] = "Team Neri" };
        await api.PostAcceptedAsync(verdi, neri);
        var page = await chromium.SignedInAsync(host, "viewer", "/agents");
        await Expect(page.Locator("[data-agent=ag-t2] .agent-team")).ToHaveTextAsync("Team Neri", new() { Timeout = 15_000 });

        await page.Locator("#filter-team").SelectOptionAsync("Team Verdi");

        await Expect(page.Locator("[data-agent=ag-t2]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-agent=ag-t1] .agent-team")).ToHaveTextAsync("Team Verdi");
    }
}
