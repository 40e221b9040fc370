using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Queues;

/// <summary>The live picture of one queue (contract §3).</summary>
[GenerateSerializer, Immutable, Alias("cr.QueueSnapshot")]
public sealed record QueueSnapshot(
    [property: Id(0)] string QueueId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] Severity Status,
    [property: Id(3)] int Waiting,
    [property: Id(4)] double LongestWaitSeconds,
    [property: Id(5)] AgentCounts Agents,
    [property: Id(6)] KpiFigures Today,
    [property: Id(7)] KpiFigures Rolling30m,
    [property: Id(8)] IReadOnlyList<Breach> Breaches)
{
    /// <summary>The channel most contacts of this queue arrive on (the first one seen).</summary>
    [Id(9)] public Channel? Channel { get; init; }

    /// <summary>When the oldest waiting contact was offered, so screens can tick its age between updates.</summary>
    [Id(10)] public DateTimeOffset? OldestWaitingSince { get; init; }

    [Id(11)] public double ServiceLevelTarget { get; init; }
    [Id(12)] public int ServiceLevelThresholdSeconds { get; init; }
    [Id(13)] public string TimeZone { get; init; } = "Europe/Rome";

    /// <summary>Event time of the newest event applied to this queue.</summary>
    [Id(14)] public DateTimeOffset? LastEventAt { get; init; }

    /// <summary>The queue's configured contacts per agent at once (chat, messaging, social); null when unset.</summary>
    [Id(15)] public int? MaxConcurrentContacts { get; init; }

    /// <summary>How many contacts at once the queue's agents were seen holding over the last 30 minutes; null when none held one.</summary>
    [Id(16)] public double? ObservedConcurrency { get; init; }

    /// <summary>Contacts being handled now: answered and not yet ended.</summary>
    [Id(17)] public int InProgress { get; init; }

    /// <summary>
    /// The queue's source is catching up on old events (its freshest request arrived further behind its events than
    /// the limit, <c>ControlRoom:CatchUpLag</c>): waits and backlog are not vouched for, and rules on them are not
    /// judged until it is live again.
    /// </summary>
    [Id(18)] public bool CatchingUp { get; init; }

    /// <summary>How far behind its events the queue's freshest request arrived, in seconds; null before the first.</summary>
    [Id(19)] public double? SourceLagSeconds { get; init; }
}

/// <summary>Figures over one window (today, rolling 30 minutes); null where the divisor is zero.</summary>
[GenerateSerializer, Immutable, Alias("cr.KpiFigures")]
public sealed record KpiFigures
{
    [Id(0)] public int Offered { get; init; }
    [Id(1)] public int Answered { get; init; }
    [Id(2)] public int Abandoned { get; init; }
    [Id(3)] public int ShortAbandoned { get; init; }
    [Id(4)] public int AnsweredWithinThreshold { get; init; }
    [Id(5)] public double? ServiceLevel { get; init; }
    [Id(6)] public double? AbandonRate { get; init; }
    [Id(7)] public double? Asa { get; init; }
    [Id(8)] public double? Aht { get; init; }
    [Id(9)] public int Backlog { get; init; }
    [Id(10)] public double? OldestBacklogSeconds { get; init; }
    [Id(11)] public double? FirstResponseSeconds { get; init; }
    [Id(12)] public double? ResolutionRate { get; init; }
    [Id(13)] public double? Fcr { get; init; }
    [Id(14)] public double? Csat { get; init; }
    [Id(15)] public double? Nps { get; init; }
    [Id(16)] public double? Occupancy { get; init; }
    [Id(17)] public int TransferredOut { get; init; }
    [Id(18)] public double? MaxWaitSeconds { get; init; }

    /// <summary>Contacts counted without their <c>offered</c> event (started at their answer or abandon): a feed-quality signal.</summary>
    [Id(19)] public int OfferMissing { get; init; }

    /// <summary>Contract v1.1 ring-no-answers in the window (counted at the time the contact rang out).</summary>
    [Id(20)] public int RingNoAnswer { get; init; }

    /// <summary>Contacts whose handling ended (the divisor of AHT), so windows can be added up exactly.</summary>
    [Id(21)] public int Handled { get; init; }
}

[GenerateSerializer, Immutable, Alias("cr.AgentCounts")]
public sealed record AgentCounts(
    [property: Id(0)] int LoggedIn,
    [property: Id(1)] int Available,
    [property: Id(2)] int Busy,
    [property: Id(3)] int Wrapup,
    [property: Id(4)] int Away)
{
    public static AgentCounts None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A rule currently breached on a queue.</summary>
[GenerateSerializer, Immutable, Alias("cr.Breach")]
public sealed record Breach(
    [property: Id(0)] string RuleId,
    [property: Id(1)] string Metric,
    [property: Id(2)] Severity Severity,
    [property: Id(3)] double Value,
    [property: Id(4)] double Threshold,
    [property: Id(5)] DateTimeOffset Since);

/// <summary>
/// A threshold breached or recovered (contract §4 <c>deviation</c>). <see cref="Value"/> is the value at this change:
/// the one that raised it, or the one it recovered at.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.Deviation")]
public sealed record Deviation(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string RuleId,
    [property: Id(2)] string Metric,
    [property: Id(3)] Severity Severity,
    [property: Id(4)] double Value,
    [property: Id(5)] double Threshold,
    [property: Id(6)] DateTimeOffset Since,
    [property: Id(7)] DateTimeOffset OccurredAt)
{
    /// <summary>The worst value of the episode so far (on a recovery: of the whole episode); null when not known.</summary>
    [Id(8)] public double? Worst { get; init; }
}

[GenerateSerializer, Alias("cr.Severity")]
public enum Severity
{
    Ok,
    Warning,
    Critical,
}

/// <summary>One 15-minute interval in event time (contract §3).</summary>
[GenerateSerializer, Immutable, Alias("cr.IntervalFigures")]
public sealed record IntervalFigures(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] KpiFigures Figures);

/// <summary>
/// One 15-minute interval of a queue's agents by state: the average number of its agents available, busy, in
/// wrap-up and away over the interval (over the part elapsed, for the current one), in event time.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.AgentStateInterval")]
public sealed record AgentStateInterval(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double Available,
    [property: Id(2)] double Busy,
    [property: Id(3)] double Wrapup,
    [property: Id(4)] double Away);
