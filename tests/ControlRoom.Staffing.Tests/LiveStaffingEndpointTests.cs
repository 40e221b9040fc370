using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>Live staffing, expected wait, what-if and recommendations from events posted now.</summary>
public sealed class LiveStaffingEndpointTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task Staffing_ShowsNeedAgainstAgentsLoggedIn()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await source.PostAcceptedAsync(
            AgentState("ls-a1", "available", now.AddMinutes(-20), "ls-q"),
            Offered("ls-1", "ls-q", now.AddMinutes(-10)), Answered("ls-1", "ls-a1", now.AddMinutes(-10)), Ended("ls-1", now.AddMinutes(-7)),
            Offered("ls-2", "ls-q", now.AddMinutes(-6)), Answered("ls-2", "ls-a1", now.AddMinutes(-6)), Ended("ls-2", now.AddMinutes(-3)));

        var staffing = await source.GetFromJsonAsync<JsonElement>("/api/queues/ls-q/staffing");

        staffing.GetProperty("ahtSeconds").GetDouble().Should().Be(180);
        staffing.GetProperty("rolling30m").GetProperty("offered").GetDouble().Should().Be(2);
        staffing.GetProperty("agentsStaffed").GetInt32().Should().Be(1);
        var needed = staffing.GetProperty("agentsNeeded").GetInt32();
        needed.Should().BeGreaterThan(0);
        staffing.GetProperty("gap").GetInt32().Should().Be(1 - needed);
    }

    [Fact]
    public async Task Ewt_CountsThePositionOfAContactJoiningNow()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await source.PostAcceptedAsync(
            Offered("ew-1", "ew-q", now.AddMinutes(-9)), Answered("ew-1", "ew-a1", now.AddMinutes(-9)), Ended("ew-1", now.AddMinutes(-5)),
            Offered("ew-2", "ew-q", now.AddMinutes(-4)), Answered("ew-2", "ew-a1", now.AddMinutes(-4)),
            Offered("ew-3", "ew-q", now.AddSeconds(-20)));

        var ewt = await source.GetFromJsonAsync<JsonElement>("/api/queues/ew-q/ewt");

        // One agent, busy on ew-2 (inferred from contacts), one contact waiting, AHT 240 s: (1 + 1) × 240 / 1.
        ewt.GetProperty("position").GetInt32().Should().Be(2);
        ewt.GetProperty("agents").GetInt32().Should().Be(1);
        ewt.GetProperty("expectedWaitSeconds").GetDouble().Should().Be(480);
        ewt.GetProperty("method").GetString().Should().StartWith("erlang-c-conditional");
    }

    [Fact]
    public async Task UnknownQueue_IsNotFound()
    {
        using var source = host.ApiClient();

        using var staffing = await source.GetAsync("/api/queues/never-seen/staffing");
        using var ewt = await source.GetAsync("/api/queues/never-seen/ewt");

        staffing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ewt.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WhatIf_PredictsBothQueues_AndChangesNothing()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await source.PostAcceptedAsync(
            AgentState("wi-a1", "available", now.AddMinutes(-20), "wi-from", "wi-to"),
            AgentState("wi-a2", "available", now.AddMinutes(-20), "wi-from"),
            AgentState("wi-a3", "available", now.AddMinutes(-20), "wi-to"),
            Offered("wi-1", "wi-to", now.AddMinutes(-10)), Answered("wi-1", "wi-a3", now.AddMinutes(-10)), Ended("wi-1", now.AddMinutes(-7)),
            Offered("wi-2", "wi-from", now.AddMinutes(-10)), Answered("wi-2", "wi-a2", now.AddMinutes(-10)), Ended("wi-2", now.AddMinutes(-7)));
        await source.PostAcceptedAsync(AgentState("wi-a1", "available", now.AddMinutes(-1), "wi-from"));
        using var planner = await host.SignInAsync("planner");

        var whatIf = await planner.PostAsJsonAsync("/api/agents/wi-a1/queues/what-if",
            new { add = new[] { new { queueId = "wi-to" } }, remove = new[] { "wi-from" } });
        var queues = (await whatIf.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(q => q.GetProperty("queueId").GetString()!);
        var agent = await planner.GetFromJsonAsync<JsonElement>("/api/agents/wi-a1");

        queues.Keys.Should().BeEquivalentTo("wi-from", "wi-to");
        queues["wi-from"].GetProperty("agentsBefore").GetInt32().Should().Be(2);
        queues["wi-from"].GetProperty("agentsAfter").GetInt32().Should().Be(1);
        queues["wi-to"].GetProperty("agentsAfter").GetInt32().Should().Be(2);
        queues["wi-to"].GetProperty("serviceLevelAfter").GetDouble().Should().BeGreaterThan(queues["wi-to"].GetProperty("serviceLevelBefore").GetDouble());
        queues["wi-from"].GetProperty("asaAfter").GetDouble().Should().BeGreaterThan(queues["wi-from"].GetProperty("asaBefore").GetDouble());
        agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("wi-from");
    }

    [Fact]
    public async Task MultiskillAgents_CountByTheirShare_AndAnAddedQueueTakesTimeFromTheOthers()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        // Equal loads on both queues (one 3-minute call each): an agent on both gives each half their time.
        await source.PostAcceptedAsync(
            AgentState("ms-a1", "available", now.AddMinutes(-20), "ms-x", "ms-y"),
            AgentState("ms-a2", "available", now.AddMinutes(-20), "ms-x"),
            Offered("ms-1", "ms-x", now.AddMinutes(-10)), Answered("ms-1", "ms-a2", now.AddMinutes(-10)), Ended("ms-1", now.AddMinutes(-7)),
            Offered("ms-2", "ms-y", now.AddMinutes(-10)), Answered("ms-2", "ms-a1", now.AddMinutes(-10)), Ended("ms-2", now.AddMinutes(-7)));
        using var planner = await host.SignInAsync("planner");

        var x = await source.GetFromJsonAsync<JsonElement>("/api/queues/ms-x/staffing");
        var y = await source.GetFromJsonAsync<JsonElement>("/api/queues/ms-y/staffing");
        var whatIf = await planner.PostAsJsonAsync("/api/agents/ms-a2/queues/what-if", new { add = new[] { new { queueId = "ms-y" } } });
        var queues = (await whatIf.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(q => q.GetProperty("queueId").GetString()!);

        x.GetProperty("agentsStaffed").GetInt32().Should().Be(2);
        x.GetProperty("effectiveAgents").GetDouble().Should().Be(1.5);
        y.GetProperty("agentsStaffed").GetInt32().Should().Be(1);
        y.GetProperty("effectiveAgents").GetDouble().Should().Be(0.5);
        queues["ms-x"].GetProperty("agentsBefore").GetDouble().Should().Be(1.5);
        queues["ms-x"].GetProperty("agentsAfter").GetDouble().Should().Be(1);
        queues["ms-y"].GetProperty("agentsAfter").GetDouble().Should().Be(1);
        queues["ms-x"].GetProperty("serviceLevelAfter").GetDouble().Should().BeLessThan(queues["ms-x"].GetProperty("serviceLevelBefore").GetDouble());
    }

    [Fact]
    public async Task Recommendations_ListShortQueuesWithIdleSkilledAgentsElsewhere()
    {
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var events = new List<System.Text.Json.Nodes.JsonObject>
        {
            // rc-idle has served rc-short before (skill) and now sits idle on rc-calm.
            AgentState("rc-idle", "available", now.AddMinutes(-25), "rc-short"),
            AgentState("rc-busy", "busy", now.AddMinutes(-25), "rc-short"),
        };
        for (var i = 0; i < 30; i++)
        {
            // 30 contacts of about five minutes in the half hour: some 5 Erlangs on one agent.
            var offered = now.AddSeconds(-1500 + (i * 30));
            events.Add(Offered($"rc-{i}", "rc-short", offered));
            events.Add(Answered($"rc-{i}", "rc-busy", offered.AddSeconds(5)));
            events.Add(Ended($"rc-{i}", offered.AddSeconds(300)));
        }

        events.Add(Offered("rc-calm-1", "rc-calm", now.AddMinutes(-3)));
        events.Add(Answered("rc-calm-1", "rc-idle", now.AddMinutes(-3)));
        events.Add(Ended("rc-calm-1", now.AddMinutes(-2)));
        await source.PostAcceptedAsync([.. events]);
        await source.PostAcceptedAsync(AgentState("rc-idle", "available", now.AddMinutes(-1), "rc-calm"));
        using var planner = await host.SignInAsync("planner");

        var list = await planner.GetFromJsonAsync<JsonElement>("/api/staffing/recommendations");

        var shortQueue = list.EnumerateArray().Single(r => r.GetProperty("queueId").GetString() == "rc-short");
        shortQueue.GetProperty("gap").GetInt32().Should().BeNegative();
        shortQueue.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("agentId").GetString()).Should().Equal("rc-idle");
    }
}
