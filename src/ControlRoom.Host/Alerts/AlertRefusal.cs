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
        { Alert: { Status: AlertStatus.Resolved } alert } => UiMessages.Get("Alert_Refused_Resolved", Actor(alert.ResolvedBy)),
        { Alert: { Status: AlertStatus.Acknowledged } alert } => UiMessages.Get("Alert_Refused_Acknowledged", Actor(alert.AcknowledgedBy)),
        _ => UiMessages.Get("Alert_Refused_Other"),
    };

    /// <summary>A person's name as it is; the alert book's own actions as "the system" in the reader's language.</summary>
    public static string Actor(string? actor) =>
        actor is null or AlertBook.SystemActor ? UiMessages.Get("Actor_System") : actor;
}
