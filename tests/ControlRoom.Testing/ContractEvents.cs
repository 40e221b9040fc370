using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlRoom.Testing;

/// <summary>Builds events in the wire shape of contract §1 (plain JSON, not the server's types), as a source would.</summary>
public static class ContractEvents
{
    public static JsonObject Offered(string interactionId, string queueId, DateTimeOffset at, string channel = "voice") => new()
    {
        ["eventId"] = $"{interactionId}-offered",
        ["type"] = "interaction.offered",
        ["occurredAt"] = Time(at),
        ["interactionId"] = interactionId,
        ["queueId"] = queueId,
        ["channel"] = channel,
    };

    public static JsonObject Answered(string interactionId, string agentId, DateTimeOffset at) => new()
    {
        ["eventId"] = $"{interactionId}-answered",
        ["type"] = "interaction.answered",
        ["occurredAt"] = Time(at),
        ["interactionId"] = interactionId,
        ["agentId"] = agentId,
    };

    public static JsonObject Abandoned(string interactionId, DateTimeOffset at) => new()
    {
        ["eventId"] = $"{interactionId}-abandoned",
        ["type"] = "interaction.abandoned",
        ["occurredAt"] = Time(at),
        ["interactionId"] = interactionId,
    };

    public static JsonObject Ended(string interactionId, DateTimeOffset at) => new()
    {
        ["eventId"] = $"{interactionId}-ended",
        ["type"] = "interaction.ended",
        ["occurredAt"] = Time(at),
        ["interactionId"] = interactionId,
    };

    public static JsonObject AgentState(string agentId, string state, DateTimeOffset at, params string[] queueIds)
    {
        var e = new JsonObject
        {
            ["eventId"] = $"{agentId}-{state}-{at.ToUnixTimeMilliseconds()}",
            ["type"] = "agent.state_changed",
            ["occurredAt"] = Time(at),
            ["agentId"] = agentId,
            ["state"] = state,
        };
        if (queueIds.Length > 0)
        {
            e["queueIds"] = new JsonArray([.. queueIds.Select(q => JsonValue.Create(q))]);
        }

        return e;
    }

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostEventsAsync(this HttpClient client, params JsonObject[] events) =>
        client.PostAsJsonAsync("/api/events", new JsonArray([.. events.Select(e => e.DeepClone())]));

    /// <summary>Posts and insists on 202, so a test never builds on events the server refused.</summary>
    public static async Task<JsonElement> PostAcceptedAsync(this HttpClient client, params JsonObject[] events)
    {
        using var response = await client.PostEventsAsync(events);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/events answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
