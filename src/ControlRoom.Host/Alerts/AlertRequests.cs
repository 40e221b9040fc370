using ControlRoom.Contracts.Alerts;
using ControlRoom.Domain.Alerts;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Alerts;

public sealed record AcknowledgeRequest(string? Note);

public sealed record SnoozeRequest(int? Minutes, string? Note);

public sealed record AssignRequest(string? Assignee, string? Note);

public sealed record ResolveRequest(string? Reason);

/// <summary>Turns requests (from the API or the console) into commands, or into the list of what is wrong with them.</summary>
public sealed class AlertRequests(LocalUserStore users)
{
    public const int MaxText = 1000;

    /// <summary>Snooze choices the console offers; the API accepts any whole number of minutes up to a day.</summary>
    public static IReadOnlyList<int> SnoozeChoices { get; } = [5, 15, 30, 60, 240];

    /// <summary>People who may own an alert: configured team leads and admins.</summary>
    public IReadOnlyList<string> Assignees =>
        [.. users.Users.Where(u => u.Roles.Contains(Roles.TeamLead) || u.Roles.Contains(Roles.Admin)).Select(u => u.UserName).Order(StringComparer.Ordinal)];

    public static AlertCommand Acknowledge(string actor, AcknowledgeRequest? request, Dictionary<string, string[]> errors) =>
        new(AlertCommandKind.Acknowledge, actor, Text(request?.Note, "note", errors));

    public static AlertCommand Snooze(string actor, SnoozeRequest? request, Dictionary<string, string[]> errors)
    {
        var minutes = request?.Minutes ?? (int)AlertBook.DefaultSnooze.TotalMinutes;
        if (minutes < 1 || minutes > AlertBook.LongestSnooze.TotalMinutes)
        {
            errors["minutes"] = [UiMessages.Get("Error_SnoozeMinutes", AlertBook.LongestSnooze.TotalMinutes, AlertBook.DefaultSnooze.TotalMinutes)];
        }

        return new AlertCommand(AlertCommandKind.Snooze, actor, Text(request?.Note, "note", errors)) { SnoozeFor = TimeSpan.FromMinutes(minutes) };
    }

    public AlertCommand Assign(string actor, AssignRequest? request, Dictionary<string, string[]> errors)
    {
        var assignee = request?.Assignee?.Trim();
        var known = Assignees;
        if (string.IsNullOrEmpty(assignee))
        {
            errors["assignee"] = [UiMessages.Get("Error_AssigneeRequired")];
        }
        else if (known.Count > 0 && !known.Contains(assignee, StringComparer.OrdinalIgnoreCase))
        {
            // Only checkable for local users; with an external identity provider the name is taken as given.
            errors["assignee"] = [UiMessages.Get("Error_AssigneeNotLead", assignee)];
        }
        else if (assignee.Length > 128)
        {
            errors["assignee"] = [UiMessages.Get("Error_TextTooLong", 128)];
        }

        return new AlertCommand(AlertCommandKind.Assign, actor, Text(request?.Note, "note", errors)) { Assignee = assignee };
    }

    public static AlertCommand Resolve(string actor, ResolveRequest? request, Dictionary<string, string[]> errors)
    {
        var reason = Text(request?.Reason, "reason", errors);
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = [UiMessages.Get("Error_ReasonRequired")];
        }

        return new AlertCommand(AlertCommandKind.Resolve, actor, reason);
    }

    internal static string? Text(string? value, string field, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (trimmed?.Length > MaxText)
        {
            errors[field] = [UiMessages.Get("Error_TextTooLong", MaxText)];
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
