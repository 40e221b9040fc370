using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Staffing;

namespace ControlRoom.Contracts.Agents;

/// <summary>One agent's live state (contract §3 <c>GET /api/agents</c>).</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentSnapshot")]
public sealed record AgentSnapshot(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentState State,
    [property: Id(2)] DateTimeOffset? StateSince,
    [property: Id(3)] double SecondsInState,
    [property: Id(4)] IReadOnlyList<string> Queues,
    [property: Id(5)] int ContactsHandledToday)
{
    [Id(6)] public string? CurrentInteractionId { get; init; }
    [Id(7)] public string? CurrentQueueId { get; init; }
    [Id(8)] public string? Reason { get; init; }
    [Id(9)] public double? AhtToday { get; init; }
    [Id(10)] public DateTimeOffset AsOf { get; init; }

    /// <summary>True when the state was inferred from contacts because the source sends no presence.</summary>
    [Id(11)] public bool StateInferred { get; init; }

    /// <summary>The queues with priorities (a planner's assignment, else the source's queues at priority 1).</summary>
    [Id(12)] public IReadOnlyList<QueueAssignment> Assignments { get; init; } = [];

    /// <summary>Every queue the agent is known to handle: skills sent by the source, queues served, queues assigned.</summary>
    [Id(13)] public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>(busy + wrap-up) / (busy + wrap-up + available) time today in the agent's time zone, percent.</summary>
    [Id(14)] public double? OccupancyToday { get; init; }

    /// <summary>The same ratio over the rolling 30 minutes.</summary>
    [Id(15)] public double? OccupancyRolling30m { get; init; }

    /// <summary>The agent's team, from <c>attributes.team</c> of their presence events (contract extension); null when never sent.</summary>
    [Id(16)] public string? Team { get; init; }

    /// <summary>Contacts that rang at this agent without being answered (ring-no-answer) today, in the agent's time zone.</summary>
    [Id(17)] public int RingNoAnswerToday { get; init; }

    /// <summary>The same over the rolling 30 minutes.</summary>
    [Id(18)] public int RingNoAnswerRolling30m { get; init; }
}

/// <summary>What a queue needs to know of an agent that serves it.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentPresence")]
public sealed record AgentPresence(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentState State,
    [property: Id(2)] DateTimeOffset Since)
{
    /// <summary>
    /// The presence timeline with running totals, so a queue sums occupancy over any window without replaying
    /// it; null when the state is inferred from contacts (no available time is known then).
    /// </summary>
    [Id(3)] public PresenceTimeline? Timeline { get; init; }
}

/// <summary>
/// An agent's presence steps in event time, each with the occupied and available time accumulated before it.
/// Equal by revision: the agent bumps it whenever a step is added, so unchanged timelines are not re-sent.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.PresenceTimeline")]
public sealed record PresenceTimeline(
    [property: Id(0)] long Revision,
    [property: Id(1)] IReadOnlyList<PresenceStep> Steps)
{
    public bool Equals(PresenceTimeline? other) => other is not null && Revision == other.Revision;

    public override int GetHashCode() => Revision.GetHashCode();
}

/// <summary>From <see cref="AtTicks"/> (UTC) the agent is in <see cref="State"/>; totals are in ticks.</summary>
[GenerateSerializer, Immutable, Alias("cr.PresenceStep")]
public sealed record PresenceStep(
    [property: Id(0)] long AtTicks,
    [property: Id(1)] AgentState State,
    [property: Id(2)] long OccupiedTicksBefore,
    [property: Id(3)] long AvailableTicksBefore);
