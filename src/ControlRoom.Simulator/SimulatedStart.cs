using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator;

/// <summary>
/// What a room started at <see cref="Now"/> plays before its live traffic, so it opens with a day behind it: the
/// last hours (the live simulation simply starts at <see cref="LiveFrom"/>) and, optionally, the same weekday last
/// week as a whole local day with another seed — the reference the queue page compares hourly volumes with.
/// </summary>
public sealed record SimulatedStart(SimulatorOptions Options, DateTimeOffset Now, DateTimeOffset LiveFrom, DateTimeOffset? ReferenceFrom, DateTimeOffset? ReferenceTo)
{
    /// <summary>The history an embedded room plays by default: a working morning.</summary>
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromHours(8);

    /// <summary>Last week's seed is this far from today's, so last week is not today's traffic again.</summary>
    public const int ReferenceSeedOffset = 7;

    /// <summary>The start at <paramref name="now"/> with <paramref name="history"/> played; a reference day only with a history.</summary>
    public static SimulatedStart Plan(SimulatorOptions options, DateTimeOffset now, TimeSpan history, bool referenceDay)
    {
        ArgumentNullException.ThrowIfNull(options);
        var liveFrom = now - history;
        if (history <= TimeSpan.Zero || !referenceDay)
        {
            return new SimulatedStart(options, now, liveFrom, null, null);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var lastWeek = TimeZoneInfo.ConvertTime(now, zone).AddDays(-7);
        var midnight = new DateTime(lastWeek.Year, lastWeek.Month, lastWeek.Day, 0, 0, 0, DateTimeKind.Unspecified);
        var next = midnight.AddDays(1);
        return new SimulatedStart(options, now, liveFrom,
            new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)), new DateTimeOffset(next, zone.GetUtcOffset(next)));
    }

    /// <summary>
    /// Last week's day, played whole and closed (<see cref="TrafficSimulator.Close"/>): the contacts open at its end
    /// are finished, so nothing of last week stays open in today's backlog. Empty without a reference day.
    /// </summary>
    public IReadOnlyList<ContactEvent> ReferenceDay() => ReferenceFrom is { } from && ReferenceTo is { } to
        ? new TrafficSimulator(Options with { Seed = Options.Seed + ReferenceSeedOffset }, from).Close(to)
        : [];

    /// <summary>
    /// <paramref name="events"/> in slices of about <paramref name="size"/> events, in their order, never splitting a
    /// contact's events (a slice may be a contact longer). Last week's day plays beside the live room, which judges its
    /// rules on every slice: a contact offered in one slice and closed in the next would be a wait of a week between
    /// the two, and would page someone for it.
    /// </summary>
    public static IEnumerable<IReadOnlyList<ContactEvent>> WholeContactSlices(IReadOnlyList<ContactEvent> events, int size)
    {
        var slice = new List<ContactEvent>(size);
        foreach (var contact in events.GroupBy(e => e.InteractionId ?? e.EventId, StringComparer.Ordinal))
        {
            slice.AddRange(contact);
            if (slice.Count >= size)
            {
                yield return slice;
                slice = new List<ContactEvent>(size);
            }
        }

        if (slice.Count > 0)
        {
            yield return slice;
        }
    }

    /// <summary>The live simulation, from <see cref="LiveFrom"/>: its first <see cref="TrafficSimulator.Advance"/> to now plays the history.</summary>
    public TrafficSimulator Live() => new(Options, LiveFrom);
}
