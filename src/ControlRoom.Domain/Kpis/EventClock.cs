namespace ControlRoom.Domain.Kpis;

/// <summary>Windows in event time: 15-minute intervals and minutes in UTC, calendar days in a queue's time zone.</summary>
public static class EventClock
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    public static DateTimeOffset IntervalStart(DateTimeOffset at) => Floor(at, Interval);

    public static DateTimeOffset MinuteStart(DateTimeOffset at) => Floor(at, TimeSpan.FromMinutes(1));

    public static DateTimeOffset Floor(DateTimeOffset at, TimeSpan step)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % step.Ticks), TimeSpan.Zero);
    }

    /// <summary>The UTC bounds of the calendar day containing <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Day(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var midnight = local.Date;
        return (ToUtc(midnight, zone), ToUtc(midnight.AddDays(1), zone));
    }

    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static DateTimeOffset ToUtc(DateTime localMidnight, TimeZoneInfo zone)
    {
        // Midnight can fall in a DST gap in some zones; the first valid instant after it starts the day.
        var candidate = localMidnight;
        while (zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddMinutes(30);
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate)).ToUniversalTime();
    }
}
