namespace ControlRoom.Contracts.Events;

/// <summary>
/// The span of event time a receiver accepts: a source clock a few minutes fast is normal, an event days in the
/// future is a bug that would make every figure "today" wrong; history older than the receiver keeps is refused.
/// <see cref="MaxAge"/> null: no lower bound (any recorded history may be replayed).
/// </summary>
public sealed record OccurredAtWindow(DateTimeOffset Now, TimeSpan? MaxAge, TimeSpan MaxAhead)
{
    /// <summary>Null when <paramref name="occurredAt"/> is inside the window, else the reason it is not.</summary>
    public string? Check(DateTimeOffset occurredAt)
    {
        // Differences, not Now ± limit: a limit of many centuries must not overflow the calendar.
        if (occurredAt - Now > MaxAhead)
        {
            return $"occurredAt {occurredAt:O} is more than {Describe(MaxAhead)} ahead of the receiver's clock ({Now:O}; limit Ingest:MaxEventAhead)";
        }

        if (MaxAge is { } age && Now - occurredAt > age)
        {
            return $"occurredAt {occurredAt:O} is more than {Describe(age)} in the past (limit Ingest:MaxEventAge)";
        }

        return null;
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 => $"{span.TotalDays:0} days",
        { TotalMinutes: >= 1 } when span.Ticks % TimeSpan.TicksPerMinute == 0 => $"{span.TotalMinutes:0} minutes",
        _ => $"{span.TotalSeconds:0.###} seconds",
    };
}
