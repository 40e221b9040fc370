using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Reports.Tests.Callbacks;

/// <summary>Contacts of known customers posted through the real ingest API, and the worklist read back through the real API.</summary>
public static class Abandons
{
    public static JsonObject OfferedBy(string interactionId, string queueId, DateTimeOffset at, string customerId)
    {
        var offered = Offered(interactionId, queueId, at);
        offered["customerId"] = customerId;
        return offered;
    }

    /// <summary>A customer who waited <paramref name="waited"/> and hung up <paramref name="ago"/> ago.</summary>
    public static Task AbandonAsync(this HttpClient api, string interactionId, string queueId, string customerId, TimeSpan waited, TimeSpan? ago = null)
    {
        var at = DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromMinutes(5));
        return api.PostAcceptedAsync(OfferedBy(interactionId, queueId, at - waited, customerId), Abandoned(interactionId, at));
    }

    public static Task AnswerAsync(this HttpClient api, string interactionId, string queueId, string customerId, DateTimeOffset at) =>
        api.PostAcceptedAsync(OfferedBy(interactionId, queueId, at.AddSeconds(-10), customerId), Answered(interactionId, "agent-" + interactionId, at));

    public static async Task<JsonElement> EntryAsync(this HttpClient client, string queueId, string interactionId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/callbacks?queueId={queueId}&status=all");
        return list.EnumerateArray().Single(e => e.GetProperty("interactionId").GetString() == interactionId);
    }
}
