using System.Net;
using System.Net.Http.Json;
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
    public async Task GapTable_ShowsTheContactsAnAgentHandlesAtOnce_AndWhereTheFigureComesFrom()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("pp-c1", "available", DateTimeOffset.UtcNow.AddMinutes(-2), "pp-chat", "pp-voice"),
            Offered("pp-chat-1", "pp-chat", DateTimeOffset.UtcNow.AddMinutes(-1), "chat"),
            Offered("pp-voice-1", "pp-voice", DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var admin = await host.SignInAsync("admin");
        (await admin.PutAsJsonAsync("/api/queues/pp-chat/settings", new
        {
            serviceLevelThresholdSeconds = 20, shortAbandonSeconds = 5, serviceLevelTarget = 80, timeZone = "Europe/Rome", maxConcurrentContacts = 3,
        })).EnsureSuccessStatusCode();

        var html = await admin.GetStringAsync("/planner");

        Cell(html, "pp-chat").Should().Match("*title=\"Set in the queue*settings\">3</td>*");
        Cell(html, "pp-voice").Should().Match("*title=\"One contact at a time (voice, callback, e-mail)\">1</td>*");
    }

    /// <summary>The concurrency cell of the queue's row in the prerendered gap table.</summary>
    private static string Cell(string html, string queueId)
    {
        var row = html[html.IndexOf($"data-queue=\"{queueId}\"", StringComparison.Ordinal)..];
        return row[row.IndexOf("<td class=\"num concurrency\"", StringComparison.Ordinal)..row.IndexOf("</tr>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task PlannerPage_IsForbiddenToAViewer()
    {
        using var client = await host.SignInAsync("viewer");

        using var response = await client.GetAsync("/planner");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
