using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Interactions;

/// <summary>
/// One entry of an ingest log partition: the events of one request that belong to the partition, with the time the
/// request arrived (the "now" every grain uses when it applies them, so a replay after a crash derives exactly
/// what the first application did) and the source that sent them.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.LogBatch")]
public sealed record LogBatch(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] IReadOnlyList<ContactEvent> Events)
{
    [Id(2)] public string? Source { get; init; }

    /// <summary>
    /// The newest <c>occurredAt</c> of the whole request, every partition's part included (a part may hold only old
    /// events of a request that also brought fresh ones); null in entries logged before it was recorded.
    /// </summary>
    [Id(3)] public DateTimeOffset? NewestOccurredAt { get; init; }

    /// <summary>
    /// How far behind its source the request was: its arrival minus its newest event, never negative (a request's
    /// freshest event tells how far behind the source is). It derives from the logged entry alone, so a replay after a
    /// crash measures the same.
    /// </summary>
    public TimeSpan SourceLag()
    {
        var newest = NewestOccurredAt ?? (Events.Count > 0 ? Events.Max(e => e.OccurredAt) : ReceivedAt);
        return newest < ReceivedAt ? ReceivedAt - newest : TimeSpan.Zero;
    }
}

/// <summary>
/// What one log entry changed for one queue: the shard and log position it comes from (the queue ignores a
/// position it already has, so a re-delivery after a crash counts once) and the leg changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.LegBatch")]
public sealed record LegBatch(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Position,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IReadOnlyList<LegChange> Changes)
{
    /// <summary>How far behind its source the entry's request was (<see cref="LogBatch.SourceLag"/>); zero in entries journaled before it was measured.</summary>
    [Id(4)] public TimeSpan SourceLag { get; init; }
}

/// <summary>What one log entry brings one agent: leg changes of contacts they took, and their presence events.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentBatch")]
public sealed record AgentBatch(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Position,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IReadOnlyList<LegChange> Changes,
    [property: Id(4)] IReadOnlyList<ContactEvent> Presence)
{
    /// <summary>Leg changes of contacts that rang at this agent without being answered (ring-no-answer counts).</summary>
    [Id(5)] public IReadOnlyList<LegChange> MissedLegs { get; init; } = [];
}
