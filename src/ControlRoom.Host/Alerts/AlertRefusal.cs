using ControlRoom.Contracts.Alerts;
using ControlRoom.Domain.Alerts;
using ControlRoom.Host.Resources;

namespace ControlRoom.Host.Alerts;

/// <summary>
/// Why an alert refused an action, for a person, in their language. The alert book's own reason (English) stays
/// in the audit; this is told from the alert as it is now, which is what the person needs to see.
/// </summary>
public static class AlertRefusal
{
    public static string Describe(string alertId, AlertCommandResult result) => result switch
    {
        { Outcome: AlertCommandOutcome.NotFound } => UiMessages.Get("Problem_UnknownAlert_Detail", alertId),
        { Alert: { Status: AlertStatus.Resolved } alert } when IsSystem(alert.ResolvedBy) => UiMessages.Get("Alert_Refused_ResolvedBySystem"),
        { Alert: { Status: AlertStatus.Resolved } alert } => UiMessages.Get("Alert_Refused_Resolved", alert.ResolvedBy),
        { Alert: { Status: AlertStatus.Acknowledged } alert } => UiMessages.Get("Alert_Refused_Acknowledged", alert.AcknowledgedBy),
        _ => UiMessages.Get("Alert_Refused_Other"),
    };

    /// <summary>Who did it, for a timeline: "by lead", or "by the system" for the alert book's own actions, in the reader's language.</summary>
    public static string By(string? actor) =>
        IsSystem(actor) ? UiMessages.Get("Alert_BySystem") : UiMessages.Get("Alert_By", actor);

    private static bool IsSystem(string? actor) => actor is null or AlertBook.SystemActor;
}
