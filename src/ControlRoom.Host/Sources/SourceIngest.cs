using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Interactions;
using ControlRoom.Host.Ingest;
using ControlRoom.Host.Sources.Health;

namespace ControlRoom.Host.Sources;

/// <summary>
/// Hands a platform endpoint's validated events to the same ingest as <c>POST /api/events</c>, within a time limit,
/// in batches no larger than that endpoint accepts. When the ingest cannot take them (store unreachable, too slow)
/// the endpoint answers "unavailable" so the platform retries; the retry is harmless because event ids are derived
/// from the platform's own ids.
/// </summary>
public sealed partial class SourceIngest(EventIngestor ingestor, SourceActivity activity, FeedReporter feeds, TimeProvider clock, ILogger<SourceIngest> logger)
{
    public const int BatchSize = EventBatchReader.MaxEvents;

    /// <summary>How long a platform is told to wait before it retries after "unavailable".</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task<SourceIngestOutcome> IngestAsync(string source, IReadOnlyList<ContactEvent> events, TimeSpan within, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return new SourceIngestOutcome(true, default);
        }

        var handOver = HandOverAllAsync(source, events);
        try
        {
            var result = await handOver.WaitAsync(within, clock, cancellationToken);
            activity.Stored(source, result);
            feeds.Delivered(source, events, result);
            return new SourceIngestOutcome(true, result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Unavailable(logger, ex, source, events.Count);
            if (!handOver.IsCompleted)
            {
                // Too slow, not failed: it may still finish (the platform's retry is then a duplicate) or fail unseen.
                _ = handOver.ContinueWith(t => Log.LateFailure(logger, t.Exception!, source), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return new SourceIngestOutcome(false, default);
        }
    }

    private async Task<IngestResult> HandOverAllAsync(string source, IReadOnlyList<ContactEvent> events)
    {
        if (events.Count <= BatchSize)
        {
            return await HandOverAsync(source, events);
        }

        var total = default(IngestResult);
        foreach (var batch in events.Chunk(BatchSize))
        {
            total += await HandOverAsync(source, batch);
        }

        return total;
    }

    /// <summary>The one hand-over to the host's ingest: appended to the durable log before it returns, so a success is durable.</summary>
    private Task<IngestResult> HandOverAsync(string source, IReadOnlyList<ContactEvent> events)
    {
        Log.HandingOver(logger, events.Count, source);
        return ingestor.IngestAsync(events, source);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Handing {Count} events from {Source} to ingest")]
        public static partial void HandingOver(ILogger logger, int count, string source);

        [LoggerMessage(Level = LogLevel.Error, Message = "Ingest could not store {Count} events from {Source}; the platform is told to retry")]
        public static partial void Unavailable(ILogger logger, Exception exception, string source, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A hand-over from {Source} that outlived its answer failed later")]
        public static partial void LateFailure(ILogger logger, Exception exception, string source);
    }
}

/// <summary>Stored: the events are in (counts); not stored: answer "unavailable" and let the platform retry.</summary>
public readonly record struct SourceIngestOutcome(bool Stored, IngestResult Result);
