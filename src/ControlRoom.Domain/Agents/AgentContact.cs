using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Domain.Agents;

/// <summary>Which leg an agent answered: the interaction and the leg's index in it.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentContactKey")]
public readonly record struct AgentContactKey([property: Id(0)] string InteractionId, [property: Id(1)] int LegIndex)
{
    public static AgentContactKey Of(LegFact leg) => new(leg.InteractionId, leg.LegIndex);
}

/// <summary>
/// An answered leg as an agent keeps it: only what the agent's figures read. A large room's agents hold half a million
/// of these over their 36 hours; kept as whole legs they were the largest part of the heap (272 bytes each, plus a
/// key string), where this is 32 bytes inline in the agent's dictionary. Instants are UTC ticks, 0 for none; the queue
/// is a slot in the agent's list of queues served, so its name is held once per agent.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.AgentContact")]
public readonly record struct AgentContact(
    [property: Id(0)] int QueueSlot,
    [property: Id(1)] long AnsweredTicks,
    [property: Id(2)] long EndedTicks,
    [property: Id(3)] long WrapupEndedTicks,
    [property: Id(4)] bool Transferred)
{
    public DateTimeOffset AnsweredAt => At(AnsweredTicks)!.Value;

    public DateTimeOffset? EndedAt => At(EndedTicks);

    public DateTimeOffset? WrapupEndedAt => At(WrapupEndedTicks);

    /// <summary>Wrapped up, or ended by a transfer away: the agent is no longer on it.</summary>
    public bool Finished => WrapupEndedTicks != 0 || (EndedTicks != 0 && Transferred);

    /// <summary>The agent's part of an answered leg (the caller checked it was answered).</summary>
    public static AgentContact Of(LegFact leg, int queueSlot) => new(
        queueSlot,
        leg.AnsweredAt!.Value.UtcTicks,
        leg.EndedAt?.UtcTicks ?? 0,
        leg.WrapupEndedAt?.UtcTicks ?? 0,
        leg.TransferredAt is not null);

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
