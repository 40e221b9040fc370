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
}

/// <summary>What a queue needs to know of an agent that serves it.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentPresence")]
public sealed record AgentPresence(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentState State,
    [property: Id(2)] DateTimeOffset Since);
