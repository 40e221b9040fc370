using System.Net;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>The planner page as served (prerendered): for planners and admins only, with the gap table.</summary>
public sealed class PlannerPageTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Theory]
    [InlineData("planner")]
    [InlineData("admin")]
    public async Task PlannerPage_ShowsEachQueueInTheGapTable(string user)
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("pp-a1", "available", DateTimeOffset.UtcNow.AddMinutes(-1), "pp-queue"));
        using var client = await host.SignInAsync(user);

        var html = await client.GetStringAsync("/planner");

        html.Should().Contain("id=\"gap-table\"").And.Contain("data-queue=\"pp-queue\"");
    }

    [Fact]
    public async Task PlannerPage_IsForbiddenToAViewer()
    {
        using var client = await host.SignInAsync("viewer");

        using var response = await client.GetAsync("/planner");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
