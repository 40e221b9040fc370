namespace ControlRoom.Contracts.Alerts;

[GenerateSerializer, Alias("cr.AlertCommandKind")]
public enum AlertCommandKind
{
    Acknowledge,
    Assign,
    Snooze,
    Resolve,
}

/// <summary>A person acting on an alert. Validated by the host before it reaches the grain.</summary>
[GenerateSerializer, Immutable, Alias("cr.AlertCommand")]
public sealed record AlertCommand(
    [property: Id(0)] AlertCommandKind Kind,
    [property: Id(1)] string Actor,
    [property: Id(2)] string? Note)
{
    /// <summary>Whom to assign to (<see cref="AlertCommandKind.Assign"/>).</summary>
    [Id(3)] public string? Assignee { get; init; }

    /// <summary>How long to snooze (<see cref="AlertCommandKind.Snooze"/>).</summary>
    [Id(4)] public TimeSpan? SnoozeFor { get; init; }
}

[GenerateSerializer, Alias("cr.AlertCommandOutcome")]
public enum AlertCommandOutcome
{
    Done,
    NotFound,

    /// <summary>The alert is not in a state that allows the command (acknowledging a resolved alert).</summary>
    Conflict,
}

[GenerateSerializer, Immutable, Alias("cr.AlertCommandResult")]
public sealed record AlertCommandResult(
    [property: Id(0)] AlertCommandOutcome Outcome,
    [property: Id(1)] AlertView? Alert,
    [property: Id(2)] string? Reason);
