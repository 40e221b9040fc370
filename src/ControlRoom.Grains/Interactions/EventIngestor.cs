using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlRoom.Grains.Interactions;

/// <summary>
/// The one way events enter the room (the HTTP API, the connectors and the simulator all use it): the validated
/// events of a request are split by log partition and appended to the durable log in one atomic write; then each
/// partition's shard applies its part, and the call returns once all of them have. A request is therefore either
/// wholly durable or not at all; a failure after the append leaves it in the log, where the shards apply it anyway.
/// </summary>
public sealed partial class EventIngestor(
    IGrainFactory grains,
    IEventStore store,
    IOptions<ControlRoomGrainOptions> options,
    TimeProvider clock,
    ILogger<EventIngestor> logger,
    ControlRoomMetrics? metrics = null)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<ContactEvent> events, string? source = null, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return default;
        }

        if (!store.IsAvailable)
        {
            throw new StoreUnavailableException("The event log cannot be written now.");
        }

        var shards = Math.Max(1, options.Value.Shards);
        var byPartition = new List<ContactEvent>?[shards];
        foreach (var e in events)
        {
            (byPartition[EventRouter.PartitionOf(e, shards)] ??= []).Add(e);
        }

        var receivedAt = clock.GetUtcNow();
        var newest = events.Max(e => e.OccurredAt);
        var parts = new List<(int Shard, LogBatch Batch)>();
        var appends = new List<StreamAppend>();
        for (var shard = 0; shard < shards; shard++)
        {
            if (byPartition[shard] is { } part)
            {
                var batch = new LogBatch(receivedAt, part) { Source = source, NewestOccurredAt = newest };
                parts.Add((shard, batch));
                appends.Add(new StreamAppend(StoreKeys.LogPartition(shard), LogEntryFormat.Write(batch)));
            }
        }

        // The commit point: from here on the request is durable, whatever happens to this node.
        var positions = await store.AppendAsync(appends, cancellationToken);

        var appendedAt = clock.GetUtcNow();
        var deadline = appendedAt + options.Value.ApplyTimeout;
        var results = await Task.WhenAll(parts.Select((p, i) => ApplyAsync(p.Shard, positions[i], p.Batch, deadline)));
        metrics?.EventApplied(clock.GetUtcNow() - appendedAt);
        return results.Aggregate(default(IngestResult), (sum, r) => sum + r);
    }

    /// <summary>
    /// Hands one logged entry to its shard, retrying while the shard's node is being replaced (a crashed silo is
    /// declared dead within seconds and the shard is rebuilt elsewhere from the log).
    /// </summary>
    private async Task<IngestResult> ApplyAsync(int shard, long position, LogBatch batch, DateTimeOffset deadline)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                // Bounded by the deadline even when the call itself hangs (a store that stopped answering mid-write,
                // a silo that died holding the shard): the source hears 503 in time, never a hang.
                var remaining = deadline - clock.GetUtcNow();
                return await grains.GetGrain<IInteractionShardGrain>(shard).Apply(position, batch)
                    .WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, clock);
            }
            catch (Exception ex)
            {
                // An OperationCanceledException here is the shard's activation cancelled by the runtime (this call has
                // no token of its own): the next call activates it again, so it is retried like a node being replaced.
                if (ex is TimeoutException or StoreUnavailableException || clock.GetUtcNow() + delay >= deadline)
                {
                    LogNotApplied(ex, shard, position);
                    throw new LoggedNotAppliedException(shard, position, ex);
                }

                LogApplyRetry(ex, shard, position);
                await Task.Delay(delay, clock);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Log entry {Position} of partition {Shard} not applied yet; retrying")]
    private partial void LogApplyRetry(Exception exception, int shard, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log entry {Position} of partition {Shard} is durable but was not applied in time; its shard applies it from the log")]
    private partial void LogNotApplied(Exception exception, int shard, long position);
}

/// <summary>
/// The request is in the durable log but could not be applied in time (a node is being replaced). It will be
/// applied from the log; a retry of the same request counts it once, as duplicates.
/// </summary>
public sealed class LoggedNotAppliedException : Exception
{
    public LoggedNotAppliedException(int shard, long position, Exception inner)
        : base($"Log entry {position} of partition {shard} is durable but not applied yet.", inner)
    {
    }

    public LoggedNotAppliedException()
    {
    }

    public LoggedNotAppliedException(string message) : base(message)
    {
    }

    public LoggedNotAppliedException(string message, Exception inner) : base(message, inner)
    {
    }
}
