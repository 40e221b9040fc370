using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Components.Charts;

namespace ControlRoom.Host.Components.Queues;

/// <summary>
/// Turns a queue's 15-minute intervals into the queue page's series: one calendar day in the queue's time zone,
/// and the same weekday a week earlier as the reference day planners compare peaks with.
/// </summary>
public sealed class QueueDay
{
    private QueueDay(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        Start = start;
        End = end;
        Zone = zone;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset ReferenceStart => Start.AddDays(-7);

    /// <summary>The queue's calendar day around <paramref name="now"/>; days with a DST change are 23 or 25 hours.</summary>
    public static QueueDay Around(DateTimeOffset now, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var localDate = TimeZoneInfo.ConvertTime(now, zone).Date;
        var start = new DateTimeOffset(localDate, zone.GetUtcOffset(localDate));
        var next = localDate.AddDays(1);
        return new QueueDay(start, new DateTimeOffset(next, zone.GetUtcOffset(next)), zone);
    }

    public static ChartSeries ServiceLevel(string name, IEnumerable<IntervalFigures> intervals) =>
        new(name, [.. intervals.OrderBy(i => i.Start).Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), Round(i.Figures.ServiceLevel)))]);

    public static ChartSeries MaxWait(string name, IEnumerable<IntervalFigures> intervals) =>
        new(name, [.. intervals.OrderBy(i => i.Start).Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), Round(i.Figures.MaxWaitSeconds)))]);

    /// <summary>Contacts offered per local hour (0–23) of the day that starts at <paramref name="dayStart"/>.</summary>
    public int[] OfferedByHour(IEnumerable<IntervalFigures> intervals, DateTimeOffset dayStart)
    {
        var hours = new int[24];
        foreach (var i in intervals)
        {
            var elapsed = i.Start - dayStart;
            if (elapsed >= TimeSpan.Zero && elapsed < TimeSpan.FromDays(1).Add(TimeSpan.FromHours(1)))
            {
                hours[TimeZoneInfo.ConvertTime(i.Start, Zone).Hour] += i.Figures.Offered;
            }
        }

        return hours;
    }

    public static ChartSeries Hours(string name, int[] hours) =>
        new(name, [.. hours.Select((count, hour) => new ChartPoint(hour, count))]);

    /// <summary>Agents by state, the average of each 15-minute interval (from the queue grain, in event time), for a stacked area chart.</summary>
    public static IReadOnlyList<ChartSeries> AgentStates(IReadOnlyList<AgentStateInterval> intervals, Func<string, string> label) =>
    [
        new(label("Agent_Available"), [.. intervals.Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), i.Available))]) { Color = "#22c55e" },
        new(label("Agent_Busy"), [.. intervals.Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), i.Busy))]) { Color = "#60a5fa" },
        new(label("Agent_Wrapup"), [.. intervals.Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), i.Wrapup))]) { Color = "#c084fc" },
        new(label("Agent_Away"), [.. intervals.Select(i => new ChartPoint(i.Start.ToUnixTimeMilliseconds(), i.Away))]) { Color = "#f59e0b" },
    ];

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
