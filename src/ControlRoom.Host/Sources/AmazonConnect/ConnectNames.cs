using System.Text.Json;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// Queue and agent keys, the same from both streams: contact events name queues and agents only by ARN, so both
/// are keyed by the id at the end of the ARN, or by the name configured for that id.
/// </summary>
internal sealed class ConnectNames(AmazonConnectOptions options)
{
    private const string AgentQueueMarker = "/queue/agent/";

    /// <summary>…/queue/{queueId} → the configured name or the id; an agent's own queue (…/queue/agent/{userId}) → agent.{key}.</summary>
    public string? Queue(string? arn)
    {
        if (Id(arn) is not { } id)
        {
            return null;
        }

        if (arn!.Contains(AgentQueueMarker, StringComparison.OrdinalIgnoreCase))
        {
            return SourceKeys.Key("agent." + (Agent(arn) ?? id));
        }

        return options.Queues.TryGetValue(id, out var name) ? name : SourceKeys.Key(id);
    }

    /// <summary>The queue of a Queue object ({ARN, Name}): by its ARN, else by its name when no ARN is given.</summary>
    public string? Queue(JsonElement? queue) =>
        Queue(ConnectJson.Text(queue, "ARN")) ?? SourceKeys.Key(ConnectJson.Text(queue, "Name"));

    /// <summary>…/agent/{userId} → the configured id or the user id.</summary>
    public string? Agent(string? arn) =>
        Id(arn) is { } id ? options.Agents.TryGetValue(id, out var name) ? name : SourceKeys.Key(id) : null;

    public static bool IsAgentQueue(string? arn) => arn?.Contains(AgentQueueMarker, StringComparison.OrdinalIgnoreCase) == true;

    private static string? Id(string? arn)
    {
        if (string.IsNullOrWhiteSpace(arn))
        {
            return null;
        }

        var slash = arn.TrimEnd('/').LastIndexOf('/');
        var id = slash < 0 ? arn.Trim() : arn.TrimEnd('/')[(slash + 1)..];
        return id.Length == 0 ? null : id;
    }

    /// <summary>
    /// Contract channel of a contact: callbacks by their initiation method, tasks (asynchronous work items with
    /// hours-long targets) with e-mail's backlog figures.
    /// </summary>
    public static string Channel(string? channel, string? initiationMethod)
    {
        if (string.Equals(initiationMethod, "CALLBACK", StringComparison.OrdinalIgnoreCase))
        {
            return "callback";
        }

        return channel?.ToUpperInvariant() switch
        {
            "CHAT" => "chat",
            "TASK" or "TASKS" or "EMAIL" => "email",
            _ => "voice",
        };
    }

    /// <summary>The id of one fact about a contact (answered, ended…), the same whichever stream reports it.</summary>
    public static string FactId(string contactId, string fact) => SourceKeys.EventId("ac", contactId, fact);

    /// <summary>The id prefix of a contact's entry into a queue, the same whichever stream reports it.</summary>
    public static string QueueEntryId(string contactId, string queue) => SourceKeys.EventId("ac", contactId, queue);

    /// <summary>Outbound calls an agent dials are not queue traffic: their agent's presence shows them, queues do not.</summary>
    public static bool IsOutbound(string? initiationMethod) => string.Equals(initiationMethod, "OUTBOUND", StringComparison.OrdinalIgnoreCase);
}
