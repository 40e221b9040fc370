namespace ControlRoom.Domain.Reports;

/// <summary>
/// One configured shift (<c>Reports:Shifts</c>): a name, its local start and end in a zone (an end at or before the
/// start crosses midnight), and the queues and boards it covers (none listed: all of them).
/// </summary>
public sealed class ShiftDefinition
{
    public string Name { get; set; } = "";
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }

    /// <summary>The zone the times are read in; empty: the room's default zone.</summary>
    public string? TimeZone { get; set; }

    public List<string> Queues { get; set; } = [];
    public List<string> Boards { get; set; } = [];

    public bool Covers(string queueId) => Queues.Count == 0 || Queues.Contains(queueId, StringComparer.Ordinal);

    public bool CoversBoard(string boardId) => Boards.Count == 0 || Boards.Contains(boardId, StringComparer.Ordinal);

    /// <summary>The occurrence that starts on <paramref name="day"/>, in UTC; a skipped or doubled local hour resolves as the zone does.</summary>
    public ShiftWindow On(DateOnly day, TimeZoneInfo zone)
    {
        var start = Utc(day.ToDateTime(Start), zone);
        var end = Utc((End > Start ? day : day.AddDays(1)).ToDateTime(End), zone);
        return new ShiftWindow(Name, day, start, end);
    }

    /// <summary>The last occurrence that ended at or before <paramref name="now"/>.</summary>
    public ShiftWindow LastEnded(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var day = today; ; day = day.AddDays(-1))
        {
            if (On(day, zone) is { } window && window.End <= now)
            {
                return window;
            }
        }
    }

    /// <summary>The first occurrence that ends after <paramref name="now"/>.</summary>
    public ShiftWindow NextEnd(DateTimeOffset now, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(-1);
        while (On(day, zone).End <= now)
        {
            day = day.AddDays(1);
        }

        return On(day, zone);
    }

    public IEnumerable<string> Problems(string key)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 64)
        {
            yield return $"{key}:Name is required (at most 64 characters).";
        }

        if (Start == End)
        {
            yield return $"{key}: Start and End must differ.";
        }

        if (TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            yield return $"{key}:TimeZone '{zone}' is not a known time zone.";
        }
    }

    private static DateTimeOffset Utc(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // the hour the clocks skipped: the shift starts when the clock shows it again
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>One occurrence of a shift: the local day it starts on, and its bounds in UTC.</summary>
public sealed record ShiftWindow(string Shift, DateOnly Day, DateTimeOffset Start, DateTimeOffset End);
