using ControlRoom.Contracts.Feeds;

namespace ControlRoom.Domain.Feeds;

/// <summary>
/// Every source's delivery record: when it last delivered, what it sent minute by minute (events, refusals, lag), and
/// the queues it feeds; judged against each source's quiet limit. Pure: time comes in as arguments.
/// </summary>
[GenerateSerializer, Alias("cr.FeedBook")]
public sealed class FeedBook
{
    /// <summary>The window of "events per minute", the recent refusals and the lag.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(5);

    /// <summary>A queue a source has not named for this long is no longer taken as fed by it.</summary>
    public static readonly TimeSpan QueueRetention = TimeSpan.FromDays(7);

    /// <summary>At most this many queues are remembered per source (the most recently named win).</summary>
    public const int MaxQueuesPerSource = 1000;

    [Id(0)] public Dictionary<string, FeedRecord> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Adds one report; true when the book learnt of a new source (worth saving at once).</summary>
    public bool Report(FeedReport report)
    {
        var isNew = !Sources.TryGetValue(report.Source, out var record);
        if (record is null)
        {
            record = new FeedRecord { FirstSeenAt = report.ArrivedAt };
            Sources[report.Source] = record;
        }

        record.Add(report);
        return isNew;
    }

    /// <summary>
    /// Judges every source at <paramref name="now"/>: a source that delivered once and has been silent longer than its
    /// quiet limit becomes stalled; a stalled one that delivered again is live. Returns the sources whose verdict changed.
    /// </summary>
    public IReadOnlyList<FeedTransition> Judge(DateTimeOffset now, Func<string, TimeSpan> quietLimitOf)
    {
        var changed = new List<FeedTransition>();
        foreach (var (source, record) in Sources)
        {
            var limit = quietLimitOf(source);
            var stalled = record.LastReceivedAt is { } lastAt && now - lastAt > limit;
            if (stalled != record.Stalled)
            {
                // A recovery reports the whole gap: from the delivery before the silence to the one that ended it.
                var last = record.LastReceivedAt!.Value;
                var since = stalled ? last : record.SilentFrom ?? last;
                var silentFor = stalled ? now - last : last - since;
                record.Stalled = stalled;
                record.SilentFrom = stalled ? last : null;
                changed.Add(new FeedTransition(source, stalled, since, silentFor, limit, [.. record.QueueIds()]));
            }

            record.Prune(now);
        }

        return changed;
    }

    public IReadOnlyList<FeedStatus> Statuses(DateTimeOffset now, Func<string, TimeSpan> quietLimitOf, Func<string, string> labelOf) =>
        [.. Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Status(s.Key, labelOf(s.Key), now, quietLimitOf(s.Key)))];
}

/// <summary>
/// A source turned stalled (or live again): silent for <see cref="SilentFor"/> against its <see cref="QuietLimit"/>
/// since <see cref="SilentSince"/>, its last delivery before the silence.
/// </summary>
public sealed record FeedTransition(string Source, bool Stalled, DateTimeOffset SilentSince, TimeSpan SilentFor, TimeSpan QuietLimit, IReadOnlyList<string> Queues);

/// <summary>One source's record.</summary>
[GenerateSerializer, Alias("cr.FeedRecord")]
public sealed class FeedRecord
{
    [Id(0)] public DateTimeOffset FirstSeenAt { get; set; }
    [Id(1)] public DateTimeOffset? LastReceivedAt { get; set; }
    [Id(2)] public long Events { get; set; }
    [Id(3)] public long Duplicates { get; set; }
    [Id(4)] public long Rejected { get; set; }
    [Id(5)] public long Ignored { get; set; }

    /// <summary>Per minute (UTC ticks of its start) of arrival, for the recent window.</summary>
    [Id(6)] public Dictionary<long, FeedMinute> Minutes { get; set; } = [];

    /// <summary>Queues this source names → when it last named them (UTC ticks).</summary>
    [Id(7)] public Dictionary<string, long> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The verdict of the last judgement (a feed-stalled alert is open while true).</summary>
    [Id(8)] public bool Stalled { get; set; }

    /// <summary>The last delivery before the current silence, while stalled.</summary>
    [Id(9)] public DateTimeOffset? SilentFrom { get; set; }

    public IEnumerable<string> QueueIds() => Queues.Keys.Order(StringComparer.Ordinal);

    public void Add(FeedReport report)
    {
        Events += report.Events;
        Duplicates += report.Duplicates;
        Rejected += report.Rejected;
        Ignored += report.Ignored;
        if (report.IsAlive && (LastReceivedAt is null || report.ArrivedAt > LastReceivedAt))
        {
            LastReceivedAt = report.ArrivedAt;
        }

        var minute = MinuteOf(report.ArrivedAt);
        if (!Minutes.TryGetValue(minute, out var counts))
        {
            counts = new FeedMinute();
            Minutes[minute] = counts;
        }

        counts.Events += report.Events;
        counts.Rejected += report.Rejected;
        counts.LagTotalMs += report.TotalLagMs;
        counts.LagMaxMs = Math.Max(counts.LagMaxMs, report.MaxLagMs);

        foreach (var queueId in report.Queues)
        {
            Queues[queueId] = Math.Max(Queues.GetValueOrDefault(queueId), report.ArrivedAt.UtcTicks);
        }

        if (Queues.Count > FeedBook.MaxQueuesPerSource)
        {
            foreach (var oldest in Queues.OrderBy(q => q.Value).Take(Queues.Count - FeedBook.MaxQueuesPerSource).Select(q => q.Key).ToList())
            {
                Queues.Remove(oldest);
            }
        }
    }

    public void Prune(DateTimeOffset now)
    {
        var keepFrom = MinuteOf(now - FeedBook.RecentWindow);
        foreach (var minute in Minutes.Keys.Where(m => m < keepFrom).ToList())
        {
            Minutes.Remove(minute);
        }

        var queuesFrom = (now - FeedBook.QueueRetention).UtcTicks;
        foreach (var queueId in Queues.Where(q => q.Value < queuesFrom).Select(q => q.Key).ToList())
        {
            Queues.Remove(queueId);
        }
    }

    public FeedStatus Status(string source, string label, DateTimeOffset now, TimeSpan quietLimit)
    {
        // The window is the last five whole minutes plus the current one, spread over five minutes.
        var from = MinuteOf(now - FeedBook.RecentWindow);
        long events = 0, lagMs = 0, maxLagMs = 0;
        var rejected = 0;
        foreach (var (minute, counts) in Minutes)
        {
            if (minute >= from && minute <= now.UtcTicks)
            {
                events += counts.Events;
                rejected += counts.Rejected;
                lagMs += counts.LagTotalMs;
                maxLagMs = Math.Max(maxLagMs, counts.LagMaxMs);
            }
        }

        var stalled = LastReceivedAt is { } last && now - last > quietLimit;
        return new FeedStatus
        {
            Source = source,
            Label = label,
            State = LastReceivedAt is null ? FeedState.Refused : stalled ? FeedState.Stalled : FeedState.Live,
            LastReceivedAt = LastReceivedAt,
            FirstSeenAt = FirstSeenAt,
            EventsPerMinute = Math.Round(events / FeedBook.RecentWindow.TotalMinutes, 2),
            EventsTotal = Events,
            DuplicatesTotal = Duplicates,
            RejectedTotal = Rejected,
            IgnoredTotal = Ignored,
            RejectedRecent = rejected,
            LagSeconds = events == 0 ? null : Math.Round(lagMs / 1000.0 / events, 2),
            MaxLagSeconds = events == 0 ? null : Math.Round(maxLagMs / 1000.0, 2),
            QuietLimitSeconds = quietLimit.TotalSeconds,
            StalledSince = stalled ? LastReceivedAt : null,
            Queues = [.. QueueIds()],
        };
    }

    private static long MinuteOf(DateTimeOffset at) => at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute);
}

[GenerateSerializer, Alias("cr.FeedMinute")]
public sealed class FeedMinute
{
    [Id(0)] public long Events { get; set; }
    [Id(1)] public int Rejected { get; set; }
    [Id(2)] public long LagTotalMs { get; set; }
    [Id(3)] public long LagMaxMs { get; set; }
}
