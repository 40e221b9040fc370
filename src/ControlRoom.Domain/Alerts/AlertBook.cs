using System.Globalization;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Alerts;

/// <summary>
/// The alerts of one queue. Deviations open, re-grade and resolve them (one alert per rule episode, so a
/// repeated breach never opens a second one); people act on them through <see cref="Act"/>; the clock returns
/// snoozed alerts and escalates unacknowledged ones through <see cref="Tick"/>. Pure: time comes in as arguments.
/// </summary>
[GenerateSerializer, Alias("cr.AlertBook")]
public sealed class AlertBook
{
    public const string SystemActor = "system";

    /// <summary>Resolved alerts kept per queue for history; the oldest go first.</summary>
    public const int Retained = 500;

    public static readonly TimeSpan DefaultSnooze = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestSnooze = TimeSpan.FromHours(24);

    [Id(0)] public long Sequence { get; set; }

    /// <summary>Oldest first.</summary>
    [Id(1)] public List<Alert> Alerts { get; set; } = [];

    /// <summary>The queue an alert id belongs to (ids are <c>{queueId}-{sequence}</c>); null for a malformed id.</summary>
    public static string? QueueOf(string alertId)
    {
        var dash = alertId.LastIndexOf('-');
        return dash > 0 && dash < alertId.Length - 1 && alertId[(dash + 1)..].All(char.IsAsciiDigit) ? alertId[..dash] : null;
    }

    public Alert? Find(string alertId) => Alerts.Find(a => string.Equals(a.Id, alertId, StringComparison.Ordinal));

    public Alert? ActiveFor(string ruleId) => Alerts.Find(a => a.IsActive && string.Equals(a.RuleId, ruleId, StringComparison.Ordinal));

    /// <summary>The earliest moment the clock alone changes an alert, for the owner's timer.</summary>
    public DateTimeOffset? NextDueAt => Alerts.Where(a => a.IsActive).Select(a => a.NextDueAt).Min();

    public IReadOnlyList<AlertChange> Observe(Deviation deviation, SlaRule? rule, DateTimeOffset now)
    {
        var active = ActiveFor(deviation.RuleId);
        if (deviation.Severity == Severity.Ok)
        {
            if (active is null)
            {
                return [];
            }

            active.Value = deviation.Value;
            active.RecoveredValue = deviation.Value;
            active.WorstValue = Worst(active, deviation, rule);
            return [Close(active, now, SystemActor, Cleared(active, deviation), deviation.Value, deviation.Threshold)];
        }

        if (active is null)
        {
            var alert = new Alert
            {
                Id = $"{deviation.QueueId}-{++Sequence}",
                QueueId = deviation.QueueId,
                RuleId = deviation.RuleId,
                Metric = deviation.Metric,
                Severity = deviation.Severity,
                Status = AlertStatus.Open,
                Value = deviation.Value,
                RaisedValue = deviation.Value,
                WorstValue = deviation.Worst ?? deviation.Value,
                Threshold = deviation.Threshold,
                Since = deviation.Since,
                RaisedAt = now,
                OpenSince = now,
                Rule = rule,
            };
            Alerts.Add(alert);
            return [alert.Record(new AlertEntry(now, AlertAction.Raised, SystemActor, $"{deviation.Metric} {Format(deviation.Value)} against {Format(deviation.Threshold)}")
            {
                Value = deviation.Value,
                Threshold = deviation.Threshold,
                To = deviation.Severity,
            })];
        }

        active.Value = deviation.Value;
        active.WorstValue = Worst(active, deviation, rule);
        active.Threshold = deviation.Threshold;
        active.Rule = rule ?? active.Rule;
        if (active.Severity == deviation.Severity)
        {
            return [];
        }

        var from = active.Severity;
        active.Severity = deviation.Severity;
        return [active.Record(new AlertEntry(now, AlertAction.SeverityChanged, SystemActor, $"{Word(from)} → {Word(deviation.Severity)}: {Format(deviation.Value)} against {Format(deviation.Threshold)}")
        {
            Value = deviation.Value,
            Threshold = deviation.Threshold,
            From = from,
            To = deviation.Severity,
        })];
    }

    /// <summary>A person's action; the alert is unchanged unless the result is <see cref="AlertCommandOutcome.Done"/>.</summary>
    public AlertCommandResult Act(string alertId, AlertCommand command, DateTimeOffset now, out AlertChange? change)
    {
        change = null;
        if (Find(alertId) is not { } alert)
        {
            return new AlertCommandResult(AlertCommandOutcome.NotFound, null, $"No alert '{alertId}'.");
        }

        if (!alert.IsActive)
        {
            return Conflict(alert, $"The alert was resolved by {alert.ResolvedBy}.");
        }

        switch (command.Kind)
        {
            case AlertCommandKind.Acknowledge:
                if (alert.Status == AlertStatus.Acknowledged)
                {
                    return Conflict(alert, $"The alert is already acknowledged by {alert.AcknowledgedBy}.");
                }

                alert.Status = AlertStatus.Acknowledged;
                alert.AcknowledgedAt = now;
                alert.AcknowledgedBy = command.Actor;
                alert.SnoozedUntil = null;
                change = alert.Record(new AlertEntry(now, AlertAction.Acknowledged, command.Actor, command.Note) { Comment = command.Note });
                break;

            case AlertCommandKind.Assign:
                if (string.IsNullOrWhiteSpace(command.Assignee))
                {
                    return Conflict(alert, "An assignment needs an assignee.");
                }

                alert.AssignedTo = command.Assignee;
                change = alert.Record(new AlertEntry(now, AlertAction.Assigned, command.Actor, Join($"to {command.Assignee}", command.Note))
                {
                    Target = command.Assignee,
                    Comment = command.Note,
                });
                break;

            case AlertCommandKind.Snooze:
                var duration = command.SnoozeFor ?? DefaultSnooze;
                if (duration <= TimeSpan.Zero || duration > LongestSnooze)
                {
                    return Conflict(alert, "A snooze lasts more than nothing and at most 24 hours.");
                }

                alert.Status = AlertStatus.Snoozed;
                alert.SnoozedUntil = now + duration;
                change = alert.Record(new AlertEntry(now, AlertAction.Snoozed, command.Actor, Join($"for {duration.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min", command.Note))
                {
                    Minutes = (int)Math.Round(duration.TotalMinutes),
                    Comment = command.Note,
                });
                break;

            case AlertCommandKind.Resolve:
                if (string.IsNullOrWhiteSpace(command.Note))
                {
                    return Conflict(alert, "A manual resolution needs a reason.");
                }

                change = Close(alert, now, command.Actor, command.Note);
                break;

            default:
                return Conflict(alert, $"Unknown command {command.Kind}.");
        }

        return new AlertCommandResult(AlertCommandOutcome.Done, alert.ToView(), null);
    }

    /// <summary>What the clock does: snoozed alerts still breaching come back; open ones past their delay escalate.</summary>
    public IReadOnlyList<AlertChange> Tick(DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        foreach (var alert in Alerts.Where(a => a.IsActive))
        {
            if (alert.Status == AlertStatus.Snoozed && alert.SnoozedUntil <= now)
            {
                // Back to open: it needs a person again, and the escalation delay starts afresh.
                alert.Status = AlertStatus.Open;
                alert.SnoozedUntil = null;
                alert.AcknowledgedAt = null;
                alert.AcknowledgedBy = null;
                alert.OpenSince = now;
                changes.Add(alert.Record(new AlertEntry(now, AlertAction.Returned, SystemActor, $"Snooze ended; still {Word(alert.Severity)}") { To = alert.Severity }));
            }

            if (alert.EscalationDueAt <= now)
            {
                alert.EscalatedAt = now;
                var target = Join(alert.Rule?.EscalateToRole is { } role ? $"role {role}" : null, alert.Rule?.EscalationWebhook is not null ? "webhook" : null);
                changes.Add(alert.Record(new AlertEntry(now, AlertAction.Escalated, SystemActor,
                    $"Unacknowledged for {(now - alert.OpenSince).TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min; notified {target ?? "the alert webhooks"}")
                {
                    Minutes = (int)Math.Round((now - alert.OpenSince).TotalMinutes),
                    Target = alert.Rule?.EscalateToRole,
                    Webhook = alert.Rule?.EscalationWebhook is not null,
                }));
            }
        }

        return changes;
    }

    private AlertChange Close(Alert alert, DateTimeOffset now, string actor, string? reason, double? value = null, double? threshold = null)
    {
        alert.Status = AlertStatus.Resolved;
        alert.ResolvedAt = now;
        alert.ResolvedBy = actor;
        alert.Resolution = reason;
        alert.SnoozedUntil = null;
        var change = alert.Record(new AlertEntry(now, AlertAction.Resolved, actor, reason)
        {
            Value = value,
            Threshold = threshold,
            Comment = actor == SystemActor ? null : reason,
        });
        Trim();
        return change;
    }

    private void Trim()
    {
        var excess = Alerts.Count - Retained;
        if (excess > 0)
        {
            var drop = Alerts.Where(a => !a.IsActive).Take(excess).ToHashSet();
            Alerts.RemoveAll(drop.Contains);
        }
    }

    private static AlertCommandResult Conflict(Alert alert, string reason) => new(AlertCommandOutcome.Conflict, alert.ToView(), reason);

    private static string? Join(string? first, string? second) =>
        (first, second) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{first}; {second}",
            ({ Length: > 0 }, _) => first,
            (_, { Length: > 0 }) => second,
            _ => null,
        };

    /// <summary>The rule's own worst of the episode when the deviation carries it; else the worse of what the alert saw.</summary>
    private static double? Worst(Alert alert, Deviation deviation, SlaRule? rule)
    {
        if (deviation.Worst is { } worst)
        {
            return worst;
        }

        var comparison = (rule ?? alert.Rule)?.Comparison;
        return alert.WorstValue is not { } seen || comparison is null ? alert.WorstValue ?? deviation.Value
            : comparison == Comparison.Above ? Math.Max(seen, deviation.Value) : Math.Min(seen, deviation.Value);
    }

    /// <summary>The audit note of a recovery: the value it recovered at, and the values that raised it and were worst.</summary>
    private static string Cleared(Alert alert, Deviation deviation) =>
        $"Condition cleared at {Format(deviation.Value)} against {Format(deviation.Threshold)}"
        + $" (raised at {Format(alert.RaisedValue ?? alert.Value)}, worst {Format(alert.WorstValue ?? alert.Value)})";

    private static string Word(Severity severity) => severity.ToString().ToLowerInvariant();

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
