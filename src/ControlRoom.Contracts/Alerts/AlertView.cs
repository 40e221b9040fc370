using ControlRoom.Contracts.Queues;

namespace ControlRoom.Contracts.Alerts;

/// <summary>Where an alert is in its life: open → acknowledged → resolved, with snoozed as a pause.</summary>
[GenerateSerializer, Alias("cr.AlertStatus")]
public enum AlertStatus
{
    Open,
    Acknowledged,
    Snoozed,
    Resolved,
}

/// <summary>What happened to an alert, one word per timeline entry.</summary>
[GenerateSerializer, Alias("cr.AlertAction")]
public enum AlertAction
{
    Raised,
    SeverityChanged,
    Acknowledged,
    Assigned,
    Snoozed,
    Returned,
    Escalated,
    Resolved,
}

/// <summary>
/// One timeline entry: who did what, when, with an optional note. <see cref="Note"/> is the audit text (English, as
/// the API, CSV and webhooks carry it); the facts beside it let a screen say the same in its user's language.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.AlertEntry")]
public sealed record AlertEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AlertAction Action,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Note)
{
    /// <summary>The metric's value and threshold at a raise, a severity change or an automatic resolution.</summary>
    [Id(4)] public double? Value { get; init; }

    [Id(5)] public double? Threshold { get; init; }

    /// <summary>The severity before a change.</summary>
    [Id(6)] public Severity? From { get; init; }

    /// <summary>The severity after a raise, a change or a return from snooze.</summary>
    [Id(7)] public Severity? To { get; init; }

    /// <summary>The assignee of an assignment, or the role an escalation notified.</summary>
    [Id(8)] public string? Target { get; init; }

    /// <summary>A snooze's length, or how long an escalated alert was left unacknowledged.</summary>
    [Id(9)] public int? Minutes { get; init; }

    /// <summary>What the person wrote (acknowledge note, reason), without the system's words.</summary>
    [Id(10)] public string? Comment { get; init; }

    /// <summary>True when an escalation also called the rule's webhook.</summary>
    [Id(11)] public bool Webhook { get; init; }
}

/// <summary>An alert as the API, the hub and the console show it.</summary>
[GenerateSerializer, Immutable, Alias("cr.AlertView")]
public sealed record AlertView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string QueueId { get; init; }
    [Id(2)] public required string RuleId { get; init; }
    [Id(3)] public required string Metric { get; init; }
    [Id(4)] public Severity Severity { get; init; }
    [Id(5)] public AlertStatus Status { get; init; }
    /// <summary>The latest value reported: at the raise, a severity change, or the recovery.</summary>
    [Id(6)] public double Value { get; init; }
    [Id(7)] public double Threshold { get; init; }

    /// <summary>When the breach began (event time of the rule's episode).</summary>
    [Id(8)] public DateTimeOffset Since { get; init; }
    [Id(9)] public DateTimeOffset RaisedAt { get; init; }
    [Id(10)] public DateTimeOffset? AcknowledgedAt { get; init; }
    [Id(11)] public string? AcknowledgedBy { get; init; }
    [Id(12)] public string? AssignedTo { get; init; }
    [Id(13)] public DateTimeOffset? SnoozedUntil { get; init; }
    [Id(14)] public DateTimeOffset? EscalatedAt { get; init; }
    [Id(15)] public DateTimeOffset? ResolvedAt { get; init; }
    [Id(16)] public string? ResolvedBy { get; init; }
    [Id(17)] public string? Resolution { get; init; }
    [Id(18)] public string? Runbook { get; init; }
    [Id(19)] public string? RunbookUrl { get; init; }
    [Id(20)] public string? EscalateToRole { get; init; }
    [Id(21)] public IReadOnlyList<AlertEntry> Timeline { get; init; } = [];

    /// <summary>Changes on every transition, so a consumer can drop stale copies.</summary>
    [Id(22)] public int Version { get; init; }

    /// <summary>The value that raised the alert (<see cref="Value"/> is the latest one reported).</summary>
    [Id(23)] public double? RaisedValue { get; init; }

    /// <summary>The worst value of the episode: the highest for an 'above' rule, the lowest for a 'below' one.</summary>
    [Id(24)] public double? WorstValue { get; init; }

    /// <summary>The value the rule recovered at, for an alert that resolved itself; null otherwise.</summary>
    [Id(25)] public double? RecoveredValue { get; init; }
}

/// <summary>An alert changed; <see cref="Action"/> is what changed it (the last timeline entry).</summary>
[GenerateSerializer, Immutable, Alias("cr.AlertChange")]
public sealed record AlertChange(
    [property: Id(0)] AlertAction Action,
    [property: Id(1)] AlertView Alert,
    [property: Id(2)] string? EscalationWebhook);
