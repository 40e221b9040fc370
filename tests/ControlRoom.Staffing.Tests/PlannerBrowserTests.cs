using Microsoft.Playwright;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>The planner page in Chromium: what-if shown, move committed, undo.</summary>
public sealed class PlannerBrowserTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = 15_000 };

    [Fact]
    public async Task Planner_SeesWhatIf_CommitsTheMove_AndUndoesIt()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await source.PostAcceptedAsync(
            AgentState("br-a1", "available", now.AddMinutes(-5), "br-from"),
            AgentState("br-a2", "available", now.AddMinutes(-5), "br-from"),
            AgentState("br-a3", "available", now.AddMinutes(-5), "br-to"));
        var page = await OpenPlannerAsync();

        await page.FillAsync("#move-agents", "br-a1");
        await page.FillAsync("#move-add", "br-to");
        await page.FillAsync("#move-remove", "br-from");
        await page.ClickAsync("#what-if");
        await Assertions.Expect(page.Locator("#what-if-table tr[data-queue=br-from] .agents-after")).ToHaveTextAsync("1", Within);
        await Assertions.Expect(page.Locator("#what-if-table tr[data-queue=br-to] .agents-after")).ToHaveTextAsync("2", Within);

        await page.ClickAsync("#commit");
        // Who moved where, not only the reroute's id.
        await Assertions.Expect(page.Locator("#move-message")).ToContainTextAsync("Moved br-a1 from br-from to br-to.", new() { Timeout = 15_000 });
        var moved = await source.GetStringAsync("/api/agents/br-a1");

        await page.Locator("#reroutes tbody tr").First.Locator("button.undo").ClickAsync();
        await Assertions.Expect(page.Locator("#move-message")).ToContainTextAsync("Undone: br-a1 from br-to to br-from.", new() { Timeout = 15_000 });
        var restored = await source.GetStringAsync("/api/agents/br-a1");

        moved.Should().Contain("\"queues\":[\"br-to\"]");
        restored.Should().Contain("\"queues\":[\"br-from\"]");
    }

    [Fact]
    public async Task Calculator_ReferenceCase_ShowsFourteenAgents()
    {
        var page = await OpenPlannerAsync();

        await page.ClickAsync("#calculate");

        await Assertions.Expect(page.Locator("#calc-result .agents")).ToHaveTextAsync("14", Within);
    }

    private async Task<IPage> OpenPlannerAsync()
    {
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());
        await page.GotoAsync("/account/login?returnUrl=%2Fplanner");
        await page.FillAsync("#userName", "planner");
        await page.FillAsync("#password", ControlRoomHost.DevelopmentPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return page;
    }
}
