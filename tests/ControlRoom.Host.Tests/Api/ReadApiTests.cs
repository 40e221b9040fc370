using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Api;

public sealed class ReadApiTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task UnknownQueue_Gets404ProblemDetails()
    {
        using var client = host.ApiClient();

        using var response = await client.GetAsync("/api/queues/no-such-queue");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Queues_ListEveryQueueThatHadAnEvent_WithAgentsByState()
    {
        using var client = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await client.PostAcceptedAsync(
            AgentState("read-a1", "available", now.AddMinutes(-5), "read-q1"),
            AgentState("read-a2", "away", now.AddMinutes(-5), "read-q1", "read-q2"),
            Offered("read-1", "read-q1", now.AddSeconds(-40)),
            Offered("read-2", "read-q2", now.AddSeconds(-10), "chat"));

        var queues = await client.GetFromJsonAsync<JsonElement>("/api/queues");
        var agents = await client.GetFromJsonAsync<JsonElement>("/api/agents");

        var byId = queues.EnumerateArray().ToDictionary(q => q.GetProperty("queueId").GetString()!);
        byId.Should().ContainKeys("read-q1", "read-q2");
        byId["read-q1"].GetProperty("agents").GetProperty("available").GetInt32().Should().Be(1);
        byId["read-q1"].GetProperty("agents").GetProperty("away").GetInt32().Should().Be(1);
        byId["read-q2"].GetProperty("agents").GetProperty("away").GetInt32().Should().Be(1, "a multiskill agent counts in each of its queues");
        byId["read-q1"].GetProperty("longestWaitSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(40);
        agents.EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).Should().Contain(["read-a1", "read-a2"]);
    }

    [Fact]
    public async Task Agents_CarryTheTeamFromPresenceAttributes_AndFilterByTeamAndQueue()
    {
        using var client = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var rossi = AgentState("team-a1", "available", now.AddMinutes(-5), "team-q1");
        rossi["attributes"] = new JsonObject { ["team"] = "Team Rossi" };
        var bianchi = AgentState("team-a2", "busy", now.AddMinutes(-5), "team-q1", "team-q2");
        bianchi["attributes"] = new JsonObject { ["team"] = "Team Bianchi" };
        await client.PostAcceptedAsync(rossi, bianchi);

        var byTeam = await client.GetFromJsonAsync<JsonElement>("/api/agents?team=Team%20Rossi");
        var byQueue = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=team-q2");
        var one = await client.GetFromJsonAsync<JsonElement>("/api/agents/team-a2");

        byTeam.EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).Should().Equal("team-a1");
        byQueue.EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).Should().Equal("team-a2");
        one.GetProperty("team").GetString().Should().Be("Team Bianchi");
    }

    [Fact]
    public async Task Intervals_AreServedAsJsonAndCsv()
    {
        using var client = host.ApiClient();
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(-24).AddHours(9), TimeSpan.Zero);
        await client.PostAcceptedAsync(
            Offered("iv-1", "read-iv", start.AddMinutes(1)),
            Answered("iv-1", "agent-iv", start.AddMinutes(1).AddSeconds(12)),
            Ended("iv-1", start.AddMinutes(4)),
            Offered("iv-2", "read-iv", start.AddMinutes(16)),
            Abandoned("iv-2", start.AddMinutes(16).AddSeconds(3)));
        var range = $"from={Uri.EscapeDataString(Time(start))}&to={Uri.EscapeDataString(Time(start.AddMinutes(30)))}";

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/queues/read-iv/intervals?{range}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/queues/read-iv/intervals?{range}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await client.SendAsync(request);

        var intervals = json.EnumerateArray().ToList();
        intervals.Should().HaveCount(2);
        intervals[0].GetProperty("answered").GetInt32().Should().Be(1);
        intervals[0].GetProperty("answeredWithinThreshold").GetInt32().Should().Be(1);
        intervals[1].GetProperty("shortAbandoned").GetInt32().Should().Be(1);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().Contain("offered");
    }
}
