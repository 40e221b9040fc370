namespace ControlRoom.Contracts.Events;

/// <summary>One validated event of the integration contract (contract §1), as grains receive it.</summary>
[GenerateSerializer, Immutable, Alias("cr.ContactEvent")]
public sealed record ContactEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] EventType Type,
    [property: Id(2)] DateTimeOffset OccurredAt)
{
    [Id(3)] public string? InteractionId { get; init; }
    [Id(4)] public string? QueueId { get; init; }
    [Id(5)] public Channel? Channel { get; init; }
    [Id(6)] public string? AgentId { get; init; }
    [Id(7)] public string? ToQueueId { get; init; }
    [Id(8)] public AgentState? State { get; init; }
    [Id(9)] public string? Reason { get; init; }
    [Id(10)] public bool? FirstContact { get; init; }
    [Id(11)] public int? Csat { get; init; }
    [Id(12)] public int? Nps { get; init; }
    [Id(13)] public int? Priority { get; init; }
    [Id(14)] public string? CustomerId { get; init; }
    [Id(15)] public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>Extension (contract §1 addendum): the queues an agent serves, on <c>agent.*</c> events.</summary>
    [Id(16)] public IReadOnlyList<string>? QueueIds { get; init; }

    /// <summary>Extension: the key in <see cref="Attributes"/> of <c>agent.state_changed</c> that names the agent's team.</summary>
    public const string TeamAttribute = "team";

    /// <summary>
    /// Whether two events say the same thing, field by field (the record's own equality compares the attribute map
    /// and the queue list by reference): a repeated eventId with the same content is a duplicate, with other content a
    /// conflict.
    /// </summary>
    public bool SameContent(ContactEvent other) =>
        this with { Attributes = null, QueueIds = null } == other with { Attributes = null, QueueIds = null }
        && SameMap(Attributes, other.Attributes)
        && (QueueIds ?? []).SequenceEqual(other.QueueIds ?? [], StringComparer.Ordinal);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? new Dictionary<string, string>())
        {
            if (b is null || !b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

[GenerateSerializer, Alias("cr.EventType")]
public enum EventType
{
    InteractionOffered,
    InteractionAnswered,
    InteractionAbandoned,
    InteractionTransferred,
    InteractionEnded,
    InteractionWrapupEnded,
    InteractionReplied,
    InteractionResolved,
    SurveyCompleted,
    AgentStateChanged,
}

[GenerateSerializer, Alias("cr.Channel")]
public enum Channel
{
    Voice,
    Chat,
    Email,
    Social,
    Messaging,
    Callback,
}

[GenerateSerializer, Alias("cr.AgentState")]
public enum AgentState
{
    Offline,
    Available,
    Busy,
    Wrapup,
    Away,
}
