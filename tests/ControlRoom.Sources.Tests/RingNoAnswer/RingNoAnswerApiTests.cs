using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Sources.Tests.RingNoAnswer;

/// <summary>
/// Ring-no-answer on the real host: counted per queue and per agent in the API snapshots, once however often the events
/// are sent, and a queue rule can fire on the count.
/// </summary>
public sealed class RingNoAnswerApiTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task RingNoAnswers_AreCountedOncePerQueueAndAgent_EvenWhenSentAgain()
    {
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        JsonObject[] request = [Offered("rn-1", "rn-q", now.AddSeconds(-60)), Rona("rn-1", "rn-a1", now.AddSeconds(-45)), Rona("rn-1", "rn-a2", now.AddSeconds(-30))];
        await api.PostAcceptedAsync(request);
        var again = await api.PostAcceptedAsync(request);
        again.GetProperty("duplicates").GetInt32().Should().Be(3);
        await api.PostAcceptedAsync(Rona("rn-1", "rn-a1", now.AddSeconds(-45)), Answered("rn-1", "rn-a3", now.AddSeconds(-10)));

        var queue = await Eventually.UntilAsync(() => api.GetFromJsonAsync<JsonElement>("/api/queues/rn-q"),
            q => q.GetProperty("today").GetProperty("answered").GetInt32() == 1, "the answer on rn-q");
        queue.GetProperty("today").GetProperty("ringNoAnswer").GetInt32().Should().Be(2);
        queue.GetProperty("rolling30m").GetProperty("ringNoAnswer").GetInt32().Should().Be(2);
        queue.GetProperty("today").GetProperty("offered").GetInt32().Should().Be(1, "a ring-no-answer is no offer");

        var a1 = await Eventually.UntilAsync(() => api.GetFromJsonAsync<JsonElement>("/api/agents/rn-a1"),
            a => a.GetProperty("ringNoAnswerToday").GetInt32() >= 1, "rn-a1's count");
        a1.GetProperty("ringNoAnswerToday").GetInt32().Should().Be(1);
        a1.GetProperty("ringNoAnswerRolling30m").GetInt32().Should().Be(1);
        var a3 = await api.GetFromJsonAsync<JsonElement>("/api/agents/rn-a3");
        a3.GetProperty("ringNoAnswerToday").GetInt32().Should().Be(0, "rn-a3 answered");
    }

    [Fact]
    public async Task RuleOnRingNoAnswer_Fires()
    {
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await api.PostAcceptedAsync(Offered("rr-1", "rr-q", now.AddSeconds(-60)), Rona("rr-1", "rr-a1", now.AddSeconds(-40)), Rona("rr-1", "rr-a2", now.AddSeconds(-20)));
        using var admin = await host.SignInAsync("admin");
        var settings = new { rules = new[] { new { ruleId = "rona", metric = "ringNoAnswer", comparison = "above", warning = 1, critical = 5 } } };
        (await admin.PutAsJsonAsync("/api/queues/rr-q/settings", settings)).EnsureSuccessStatusCode();

        var queue = await Eventually.UntilAsync(() => api.GetFromJsonAsync<JsonElement>("/api/queues/rr-q"),
            q => q.GetProperty("breaches").GetArrayLength() > 0, "the ring-no-answer breach");
        var breach = queue.GetProperty("breaches")[0];
        breach.GetProperty("ruleId").GetString().Should().Be("rona");
        breach.GetProperty("severity").GetString().Should().Be("warning");
        breach.GetProperty("value").GetDouble().Should().Be(2);
    }

    private static JsonObject Rona(string interactionId, string agentId, DateTimeOffset at) => new()
    {
        ["eventId"] = $"{interactionId}-rona-{agentId}",
        ["type"] = "interaction.ring_no_answer",
        ["occurredAt"] = Time(at),
        ["interactionId"] = interactionId,
        ["agentId"] = agentId,
        ["ringSeconds"] = 15,
    };
}
