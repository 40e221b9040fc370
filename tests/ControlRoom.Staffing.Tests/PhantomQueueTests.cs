using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>A queue exists once an event names it or the configuration lists it; a planner's typo creates none.</summary>
public sealed class PhantomQueueTests(ConfiguredQueueHost host) : IClassFixture<ConfiguredQueueHost>
{
    [Fact]
    public async Task MoveToATypo_IsRefusedNamingTheQueue_AndNoQueueAppears()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("pq-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "pq-chat"),
            Offered("pq-1", "pq-chat", DateTimeOffset.UtcNow, "chat"));
        using var planner = await host.SignInAsync("planner");
        var queuesBefore = await QueueIds(source);
        var move = new { add = new[] { new { queueId = "pq-chta", priority = 1 } }, remove = new[] { "pq-chat" } };

        using var committed = await planner.PostAsJsonAsync("/api/agents/pq-a1/queues", move);
        using var whatIf = await planner.PostAsJsonAsync("/api/agents/pq-a1/queues/what-if", move);

        foreach (var response in new[] { committed, whatIf })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).Should().Equal("add[0].queueId");
            errors.GetProperty("add[0].queueId")[0].GetString().Should().Contain("'pq-chta'");
        }

        (await QueueIds(source)).Should().Equal(queuesBefore, "no tile appears");
        (await source.GetAsync("/api/queues/pq-chta")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AgentQueues(source, "pq-a1")).Should().Equal("pq-chat");
        (await planner.GetFromJsonAsync<JsonElement>("/api/reroutes")).EnumerateArray()
            .Should().NotContain(r => r.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("agentId").GetString() == "pq-a1"));
    }

    [Fact]
    public async Task RemovingAnUnknownQueue_IsRefusedToo()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("pq-a2", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "pq-voice"));
        using var planner = await host.SignInAsync("planner");

        using var response = await planner.PostAsJsonAsync("/api/agents/pq-a2/queues", new { remove = new[] { "pq-voice", "pq-voce" } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("remove[1]");
        errors.GetProperty("remove[1]")[0].GetString().Should().Contain("'pq-voce'");
        (await AgentQueues(source, "pq-a2")).Should().Equal("pq-voice");
    }

    [Fact]
    public async Task MoveAndUndo_LeaveNothingBehind()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(
            AgentState("pq-a3", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "pq-from"),
            AgentState("pq-a4", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "pq-to"));
        using var planner = await host.SignInAsync("planner");
        var queuesBefore = await QueueIds(source);

        using var moved = await planner.PostAsJsonAsync("/api/agents/pq-a3/queues",
            new { add = new[] { new { queueId = "pq-to" } }, remove = new[] { "pq-from" } });
        var rerouteId = (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rerouteId").GetString();
        using var undone = await planner.PostAsync($"/api/reroutes/{rerouteId}/undo", null);

        undone.StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueIds(source)).Should().Equal(queuesBefore);
        (await AgentQueues(source, "pq-a3")).Should().Equal("pq-from");
    }

    [Fact]
    public async Task AConfiguredQueue_NoEventHasNamedYet_IsAccepted()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("pq-a5", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "pq-old"));
        using var planner = await host.SignInAsync("planner");

        using var response = await planner.PostAsJsonAsync("/api/agents/pq-a5/queues", new { add = new[] { new { queueId = ConfiguredQueueHost.Queue } } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await AgentQueues(source, "pq-a5")).Should().Contain(ConfiguredQueueHost.Queue);
    }

    private static async Task<List<string>> QueueIds(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/queues")).EnumerateArray().Select(q => q.GetProperty("queueId").GetString()!).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> AgentQueues(HttpClient client, string agentId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}")).GetProperty("queues").EnumerateArray().Select(q => q.GetString()!)];
}

/// <summary>A host whose configuration lists a queue no event has named yet.</summary>
public sealed class ConfiguredQueueHost : ControlRoomHost
{
    public const string Queue = "pq-planned";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new($"ControlRoom:Queues:{Queue}:ServiceLevelTarget", "85")];
}
