using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Feeds;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Feeds;

namespace ControlRoom.Host.Sources.Health;

/// <summary>
/// Tells feed health what each request from a source brought. One-way and never throwing: ingest must not wait for,
/// nor fail because of, the watch on it.
/// </summary>
public sealed partial class FeedReporter(IGrainFactory grains, FeedHealthView view, FeedClock clock, ILogger<FeedReporter> logger)
{
    private IFeedHealthGrain Grain => grains.GetGrain<IFeedHealthGrain>(0);

    /// <summary>Events the ingest took (new or repeated).</summary>
    public void Delivered(string source, IReadOnlyList<ContactEvent> events, IngestResult result)
    {
        var arrived = clock.Time.GetUtcNow();
        long maxLag = 0, totalLag = 0;
        var queues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var lag = Math.Max(0, (arrived - e.OccurredAt).Ticks / TimeSpan.TicksPerMillisecond);
            maxLag = Math.Max(maxLag, lag);
            totalLag += lag;
            AddQueues(queues, e);
        }

        Send(new FeedReport(source, arrived)
        {
            Events = events.Count,
            Duplicates = result.Duplicates,
            MaxLagMs = maxLag,
            TotalLagMs = totalLag,
            Queues = [.. queues],
        });
    }

    /// <summary>Messages refused: bad signature, unreadable, invalid events.</summary>
    public void Rejected(string source, int messages) => Send(new FeedReport(source, clock.Time.GetUtcNow()) { Rejected = messages });

    /// <summary>Messages understood that carry nothing to count: the feed is alive.</summary>
    public void Ignored(string source, int messages) => Send(new FeedReport(source, clock.Time.GetUtcNow()) { Ignored = messages });

    private static void AddQueues(HashSet<string> queues, ContactEvent e)
    {
        if (e.QueueId is { } queueId)
        {
            queues.Add(queueId);
        }

        if (e.ToQueueId is { } toQueueId)
        {
            queues.Add(toQueueId);
        }

        foreach (var skill in e.QueueIds ?? [])
        {
            queues.Add(skill);
        }
    }

    private void Send(FeedReport report)
    {
        try
        {
            var sent = report.IsAlive && view.IsStalled(report.Source) ? ResumeAsync(report) : Grain.Report(report);
            _ = sent.ContinueWith(t => LogFailed(t.Exception!, report.Source), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, report.Source);
        }
    }

    /// <summary>A stalled source delivering again: its tiles on this node turn live as soon as the grain has judged it.</summary>
    private async Task ResumeAsync(FeedReport report) => view.Update(await Grain.ReportAndGet(report));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed health did not get the report of {Source}")]
    private partial void LogFailed(Exception exception, string source);
}
