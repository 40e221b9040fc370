using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Host.Alerts;

/// <summary>Every word the alert console shows, in one place (English; the project has no resource files yet).</summary>
public static class AlertTexts
{
    public const string Title = "Alerts";
    public const string Queue = "Queue";
    public const string AllQueues = "All queues";
    public const string Show = "Show";
    public const string Active = "Active";
    public const string All = "All";
    public const string Resolved = "Resolved";
    public const string Sound = "Sound on new alerts";
    public const string None = "No alerts.";
    public const string ReadOnly = "Read-only: only team leads and admins act on alerts.";
    public const string Details = "Details";
    public const string Hide = "Hide";
    public const string Note = "Note";
    public const string Acknowledge = "Acknowledge";
    public const string AssignTo = "Assign to";
    public const string Assign = "Assign";
    public const string SnoozeFor = "Snooze for";
    public const string Snooze = "Snooze";
    public const string Reason = "Reason";
    public const string Resolve = "Resolve";
    public const string Runbook = "Runbook";
    public const string OpenRunbook = "Open the runbook";
    public const string Timeline = "Timeline";
    public const string Dismiss = "Dismiss";
    public const string AssignedTo = "Assigned to";
    public const string EscalatedTo = "Escalated to";
    public const string Minutes = "min";
    public const string Me = "me";

    public static string NewAlert(AlertView alert) => $"New {Word(alert.Severity)} alert on {alert.QueueId}: {alert.RuleId}";

    public static string Back(AlertView alert) => $"Back from snooze on {alert.QueueId}: {alert.RuleId}";

    public static string EscalatedToYou(AlertView alert) => $"Escalated to you ({alert.EscalateToRole}): {alert.QueueId} {alert.RuleId}, unacknowledged";

    public static string Age(TimeSpan age) => age.TotalHours >= 1 ? $"{(int)age.TotalHours} h {age.Minutes} min" : $"{(int)age.TotalMinutes} min";

    public static string Word(Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Word(AlertStatus status) => status.ToString().ToLowerInvariant();

    public static string Word(AlertAction action) => action switch
    {
        AlertAction.SeverityChanged => "severity changed",
        _ => action.ToString().ToLowerInvariant(),
    };
}
