using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Interactions;

/// <summary>
/// One stay of an interaction in one queue, derived from all of the interaction's events. A transfer ends one
/// leg and starts the next. Queues and agents aggregate legs, never raw events, so that arrival order and
/// duplicates cannot change a figure.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.LegFact")]
public sealed record LegFact(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] int LegIndex,
    [property: Id(2)] string QueueId,
    [property: Id(3)] Channel Channel,
    [property: Id(4)] DateTimeOffset OfferedAt)
{
    [Id(5)] public LegOutcome Outcome { get; init; }
    [Id(6)] public DateTimeOffset? OutcomeAt { get; init; }
    [Id(7)] public string? AgentId { get; init; }
    [Id(8)] public DateTimeOffset? EndedAt { get; init; }
    [Id(9)] public DateTimeOffset? WrapupEndedAt { get; init; }
    [Id(10)] public DateTimeOffset? FirstReplyAt { get; init; }
    [Id(11)] public DateTimeOffset? ResolvedAt { get; init; }
    [Id(12)] public bool? FirstContact { get; init; }
    [Id(13)] public int? Csat { get; init; }
    [Id(14)] public int? Nps { get; init; }
    [Id(15)] public DateTimeOffset? AnsweredAt { get; init; }
    [Id(16)] public DateTimeOffset? TransferredAt { get; init; }

    /// <summary>
    /// True when no <c>offered</c> (or <c>transferred</c>) has arrived: the leg starts at the answer or abandon that
    /// named its queue, until the offer comes and replaces it.
    /// </summary>
    [Id(17)] public bool OfferMissing { get; init; }

    /// <summary>
    /// Contract v1.1 ring-no-answers during this leg: the agents whose phone rang without answering, and when. Derived
    /// from the interaction's de-duplicated events, so a repeated event never adds one.
    /// </summary>
    [Id(18)] public RingMisses? RingNoAnswers { get; init; }

    public string Key => string.Concat(InteractionId, "#", LegIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>One ring-no-answer: the contact rang at <see cref="AgentId"/>, who did not take it.</summary>
[GenerateSerializer, Immutable, Alias("cr.RingMiss")]
public sealed record RingMiss(
    [property: Id(0)] string AgentId,
    [property: Id(1)] DateTimeOffset At);

/// <summary>A leg's ring-no-answers in time order; equal by content, so an unchanged leg is seen as unchanged.</summary>
[GenerateSerializer, Immutable, Alias("cr.RingMisses")]
public sealed record RingMisses([property: Id(0)] IReadOnlyList<RingMiss> Items)
{
    public bool Equals(RingMisses? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count == 0 ? 0 : HashCode.Combine(Items.Count, Items[0], Items[^1]);
}

[GenerateSerializer, Alias("cr.LegOutcome")]
public enum LegOutcome
{
    /// <summary>Still in the queue (synchronous channels) or not yet picked up (asynchronous ones).</summary>
    Open,
    Answered,
    Abandoned,

    /// <summary>Moved to another queue before being answered.</summary>
    TransferredOut,
}

/// <summary>A leg as it was (null: new) and as it is now (null: gone), so aggregates can retract and re-add.</summary>
[GenerateSerializer, Immutable, Alias("cr.LegChange")]
public sealed record LegChange(
    [property: Id(0)] LegFact? Old,
    [property: Id(1)] LegFact? New);
