namespace ControlRoom.Contracts.Staffing;

/// <summary>A queue an agent serves, with its priority there (1 = served first).</summary>
[GenerateSerializer, Immutable, Alias("cr.QueueAssignment")]
public sealed record QueueAssignment(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Priority);

/// <summary>One agent's queues before and after a planner's change.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentReroute")]
public sealed record AgentReroute(
    [property: Id(0)] string AgentId,
    [property: Id(1)] IReadOnlyList<QueueAssignment> From,
    [property: Id(2)] IReadOnlyList<QueueAssignment> To);

/// <summary>What a planner asked for one or many agents: queues to add (with priority) and queues to leave.</summary>
[GenerateSerializer, Immutable, Alias("cr.RerouteRequest")]
public sealed record RerouteRequest(
    [property: Id(0)] IReadOnlyList<string> AgentIds,
    [property: Id(1)] IReadOnlyList<QueueAssignment> Add,
    [property: Id(2)] IReadOnlyList<string> Remove)
{
    [Id(3)] public string? Reason { get; init; }
}

/// <summary>The audit record of a reroute: who, when, each agent's queues from and to; and its undo, if any.</summary>
[GenerateSerializer, Immutable, Alias("cr.RerouteRecord")]
public sealed record RerouteRecord(
    [property: Id(0)] string RerouteId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] IReadOnlyList<AgentReroute> Changes)
{
    [Id(4)] public string? Reason { get; init; }

    /// <summary>Set on the record an undo created: the reroute it reverted.</summary>
    [Id(5)] public string? UndoOf { get; init; }

    /// <summary>Set on a reroute that was undone: the undo's id.</summary>
    [Id(6)] public string? UndoneBy { get; init; }
}

/// <summary>The outcome of an undo: the new record, or why nothing was changed.</summary>
[GenerateSerializer, Immutable, Alias("cr.UndoResult")]
public sealed record UndoResult(
    [property: Id(0)] UndoOutcome Outcome,
    [property: Id(1)] RerouteRecord? Record,
    [property: Id(2)] IReadOnlyList<string> ConflictingAgents);

[GenerateSerializer, Alias("cr.UndoOutcome")]
public enum UndoOutcome
{
    Undone,
    NotFound,
    AlreadyUndone,

    /// <summary>An agent's queues changed since the reroute; undoing would overwrite a later decision.</summary>
    Conflict,
}
