using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Alerts;

/// <summary>
/// One episode of one rule on one queue, from the first breach to its resolution. Every change goes through
/// <see cref="Record"/>, so the timeline is the complete audit of the alert.
/// </summary>
[GenerateSerializer, Alias("cr.Alert")]
public sealed class Alert
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string QueueId { get; set; } = "";
    [Id(2)] public string RuleId { get; set; } = "";
    [Id(3)] public string Metric { get; set; } = "";
    [Id(4)] public Severity Severity { get; set; }
    [Id(5)] public AlertStatus Status { get; set; }
    [Id(6)] public double Value { get; set; }
    [Id(7)] public double Threshold { get; set; }
    [Id(8)] public DateTimeOffset Since { get; set; }
    [Id(9)] public DateTimeOffset RaisedAt { get; set; }

    /// <summary>When it last became open (raised, or back from a snooze): the escalation delay counts from here.</summary>
    [Id(10)] public DateTimeOffset OpenSince { get; set; }
    [Id(11)] public DateTimeOffset? AcknowledgedAt { get; set; }
    [Id(12)] public string? AcknowledgedBy { get; set; }
    [Id(13)] public string? AssignedTo { get; set; }
    [Id(14)] public DateTimeOffset? SnoozedUntil { get; set; }
    [Id(15)] public DateTimeOffset? EscalatedAt { get; set; }
    [Id(16)] public DateTimeOffset? ResolvedAt { get; set; }
    [Id(17)] public string? ResolvedBy { get; set; }
    [Id(18)] public string? Resolution { get; set; }
    [Id(19)] public SlaRule? Rule { get; set; }
    [Id(20)] public List<AlertEntry> Timeline { get; set; } = [];
    [Id(21)] public int Version { get; set; }

    /// <summary>The value that raised the alert; <see cref="Value"/> moves on with later changes.</summary>
    [Id(22)] public double? RaisedValue { get; set; }

    /// <summary>The worst value of the episode so far: the highest for an 'above' rule, the lowest for a 'below' one.</summary>
    [Id(23)] public double? WorstValue { get; set; }

    /// <summary>The value the rule recovered at, when the alert resolved itself.</summary>
    [Id(24)] public double? RecoveredValue { get; set; }

    public bool IsActive => Status != AlertStatus.Resolved;

    /// <summary>When an open alert escalates if nobody acknowledges it; null when it will not.</summary>
    public DateTimeOffset? EscalationDueAt =>
        Status == AlertStatus.Open && Rule?.EscalateAfterSeconds is { } seconds && (EscalatedAt is null || EscalatedAt < OpenSince)
            ? OpenSince + TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>The next moment the clock alone changes this alert (snooze end or escalation).</summary>
    public DateTimeOffset? NextDueAt => Status == AlertStatus.Snoozed ? SnoozedUntil : EscalationDueAt;

    public AlertChange Record(AlertEntry entry)
    {
        var action = entry.Action;
        Timeline.Add(entry);
        Version++;
        return new AlertChange(action, ToView(), action == AlertAction.Escalated ? Rule?.EscalationWebhook : null);
    }

    public AlertView ToView() => new()
    {
        Id = Id,
        QueueId = QueueId,
        RuleId = RuleId,
        Metric = Metric,
        Severity = Severity,
        Status = Status,
        Value = Value,
        Threshold = Threshold,
        RaisedValue = RaisedValue,
        WorstValue = WorstValue,
        RecoveredValue = RecoveredValue,
        Since = Since,
        RaisedAt = RaisedAt,
        AcknowledgedAt = AcknowledgedAt,
        AcknowledgedBy = AcknowledgedBy,
        AssignedTo = AssignedTo,
        SnoozedUntil = SnoozedUntil,
        EscalatedAt = EscalatedAt,
        ResolvedAt = ResolvedAt,
        ResolvedBy = ResolvedBy,
        Resolution = Resolution,
        Runbook = Rule?.Runbook,
        RunbookUrl = Rule?.RunbookUrl,
        EscalateToRole = Rule?.EscalateToRole,
        Timeline = [.. Timeline],
        Version = Version,
    };
}
