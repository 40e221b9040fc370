using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources;

/// <summary>Builds contract events (the wire model, validated afterwards like any posted event) for the platform mappers.</summary>
public static class SourceEvent
{
    public static IncomingEvent Interaction(string eventId, string type, DateTimeOffset at, string interactionId,
        string? queueId = null, string? agentId = null, string? reason = null, double? ringSeconds = null) => new()
    {
        EventId = eventId,
        Type = type,
        OccurredAt = SourceKeys.Timestamp(at),
        InteractionId = interactionId,
        QueueId = queueId,
        AgentId = agentId,
        Reason = SourceKeys.Clip(reason, EventValidator.MaxReasonLength),
        RingSeconds = ringSeconds,
    };

    /// <summary>
    /// A contact entering a queue, as two events: the offer, and a transfer into that same queue. Platforms report
    /// each queue a contact enters (a workflow step, an overflow) without saying which queue it left, and the
    /// endpoints keep no state; ControlRoom's legs take the earliest offer as the first queue, ignore a transfer into
    /// the queue the contact is already in, and turn every later entry elsewhere into a transfer, so the contact
    /// counts in each queue it waited in, in any arrival order.
    /// </summary>
    public static IncomingEvent[] QueueEntry(string eventIdPrefix, DateTimeOffset at, string interactionId, string queueId,
        string channel, string? customerId)
    {
        var offered = Interaction(eventIdPrefix + "-offered", "interaction.offered", at, interactionId, queueId);
        offered.Channel = channel;
        offered.CustomerId = customerId is { Length: <= EventValidator.MaxIdLength } ? customerId : null;
        var entered = Interaction(eventIdPrefix + "-entered", "interaction.transferred", at, interactionId, queueId);
        entered.ToQueueId = queueId;
        entered.Channel = channel;
        return [offered, entered];
    }

    public static IncomingEvent Presence(string eventId, DateTimeOffset at, string agentId, string state,
        string? reason = null, string? team = null, List<string>? queueIds = null) => new()
    {
        EventId = eventId,
        Type = "agent.state_changed",
        OccurredAt = SourceKeys.Timestamp(at),
        AgentId = agentId,
        State = state,
        Reason = SourceKeys.Clip(reason, EventValidator.MaxReasonLength),
        QueueIds = queueIds,
        Attributes = SourceKeys.Clip(team, EventValidator.MaxAttributeLength) is { } name
            ? new Dictionary<string, string> { [ContactEvent.TeamAttribute] = name }
            : null,
    };
}
