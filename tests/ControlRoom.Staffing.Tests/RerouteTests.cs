using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Staffing.Tests.HubMessages;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>Reroutes through the API: effect on the queues (as a wall board sees it), audit, undo, roles.</summary>
public sealed class RerouteTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task Move_ChangesBothQueuesAgentCounts_OnAHubClient()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("mv-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "mv-from"),
            AgentState("mv-a2", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "mv-from"),
            AgentState("mv-a3", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "mv-to"));
        await using var hub = host.Hub();
        var updates = Listen(hub, "queueUpdated");
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "mv-from", "mv-to" });
        using var planner = await host.SignInAsync("planner");

        using var response = await planner.PostAsJsonAsync("/api/agents/mv-a1/queues",
            new { add = new[] { new { queueId = "mv-to", priority = 1 } }, remove = new[] { "mv-from" } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        // The two queues' updates come in either order.
        JsonElement? from = null, to = null;
        while (from is null || to is null)
        {
            var update = await NextAsync(updates, u => (Is(u, "mv-from") && LoggedIn(u) == 1) || (Is(u, "mv-to") && LoggedIn(u) == 2));
            if (Is(update, "mv-from"))
            {
                from = update;
            }
            else
            {
                to = update;
            }
        }

        from.Value.GetProperty("agents").GetProperty("available").GetInt32().Should().Be(1);
        to.Value.GetProperty("agents").GetProperty("available").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Reroute_IsAudited_AndUndoRestoresTheQueues()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("un-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "un-from"),
            AgentState("un-a2", "busy", DateTimeOffset.UtcNow.AddSeconds(-30), "un-from"),
            AgentState("un-a3", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "un-to"));
        using var planner = await host.SignInAsync("planner");

        using var moved = await planner.PostAsJsonAsync("/api/agents/un-a1/queues",
            new { agentIds = new[] { "un-a2" }, add = new[] { new { queueId = "un-to", priority = 2 } }, remove = new[] { "un-from" }, reason = "surge" });
        var record = await moved.Content.ReadFromJsonAsync<JsonElement>();
        var rerouteId = record.GetProperty("rerouteId").GetString();
        var agentAfterMove = await Agent(planner, "un-a2");
        using var undone = await planner.PostAsync($"/api/reroutes/{rerouteId}/undo", null);
        var agentAfterUndo = await Agent(planner, "un-a2");
        var audit = await planner.GetFromJsonAsync<JsonElement>("/api/reroutes");

        record.GetProperty("by").GetString().Should().Be("planner");
        record.GetProperty("changes").GetArrayLength().Should().Be(2);
        record.GetProperty("changes")[0].GetProperty("from")[0].GetProperty("queueId").GetString().Should().Be("un-from");
        record.GetProperty("changes")[0].GetProperty("to")[0].GetProperty("queueId").GetString().Should().Be("un-to");
        agentAfterMove.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("un-to");
        undone.StatusCode.Should().Be(HttpStatusCode.OK);
        agentAfterUndo.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("un-from");
        audit.EnumerateArray().Should().Contain(r => r.GetProperty("rerouteId").GetString() == rerouteId
            && r.GetProperty("undoneBy").GetString() != null);
    }

    [Fact]
    public async Task Undo_Twice_IsAConflict()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("tw-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "tw-from"),
            AgentState("tw-a2", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "tw-to"));
        using var planner = await host.SignInAsync("admin");
        using var moved = await planner.PostAsJsonAsync("/api/agents/tw-a1/queues", new { add = new[] { new { queueId = "tw-to" } } });
        var rerouteId = (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rerouteId").GetString();
        using var first = await planner.PostAsync($"/api/reroutes/{rerouteId}/undo", null);

        using var second = await planner.PostAsync($"/api/reroutes/{rerouteId}/undo", null);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("lead")]
    [InlineData(null)]
    public async Task Move_ByViewerLeadOrApiKey_IsForbiddenAndChangesNothing(string? user)
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("fb-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "fb-from"));
        using var client = user is null ? host.ApiClient() : await host.SignInAsync(user);

        using var response = await client.PostAsJsonAsync("/api/agents/fb-a1/queues", new { add = new[] { new { queueId = "fb-to" } } });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Agent(source, "fb-a1")).GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("fb-from");
    }

    [Fact]
    public async Task Move_WithBadFields_NamesEachAndAppliesNothing()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("bad-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "bad-from"));
        using var planner = await host.SignInAsync("planner");

        using var response = await planner.PostAsJsonAsync("/api/agents/bad-a1/queues", new
        {
            agentIds = new[] { "nobody-here" },
            add = new object[] { new { queueId = "bad to", priority = 1 }, new { queueId = "ok-q", priority = 0 } },
            remove = new[] { "bad-from" },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("add[0].queueId", "add[1].priority");
        (await Agent(source, "bad-a1")).GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("bad-from");
    }

    [Fact]
    public async Task Move_NamingAnUnknownSecondAgent_IsRejectedWhole()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("uk-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "uk-from"),
            AgentState("uk-a2", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "uk-to"));
        using var planner = await host.SignInAsync("planner");

        using var response = await planner.PostAsJsonAsync("/api/agents/uk-a1/queues",
            new { agentIds = new[] { "uk-ghost" }, add = new[] { new { queueId = "uk-to" } } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("agentIds[0]", out _).Should().BeTrue();
        (await Agent(source, "uk-a1")).GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("uk-from");
    }

    private static async Task<JsonElement> Agent(HttpClient client, string agentId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}");

    private static bool Is(JsonElement snapshot, string queueId) => snapshot.GetProperty("queueId").GetString() == queueId;

    private static int LoggedIn(JsonElement snapshot) => snapshot.GetProperty("agents").GetProperty("loggedIn").GetInt32();
}
