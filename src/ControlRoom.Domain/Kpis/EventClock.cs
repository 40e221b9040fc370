using System.Collections.Concurrent;

namespace ControlRoom.Domain.Kpis;

/// <summary>Windows in event time: 15-minute intervals and minutes in UTC, calendar days in a queue's time zone.</summary>
public static class EventClock
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

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

    /// <summary>
    /// The zone of an id, looked up once per id: the runtime's own lookup takes a lock on every call, and queues and
    /// agents ask for their zone at each snapshot and rule check (a profile of a large room had grain threads waiting
    /// on it). Only zones the system knows are kept, so the cache is bounded by the system's list whatever ids arrive.
    /// </summary>
    public static TimeZoneInfo Zone(string id)
    {
        if (Zones.TryGetValue(id, out var known))
        {
            return known;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? Zones.GetOrAdd(id, zone) : TimeZoneInfo.Utc;
    }

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
