using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Health;

/// <summary>
/// Keeps every log partition consumed: every few seconds each node asks every shard to catch up with its partition,
/// which also re-activates a shard whose node died (so entries a crashed node logged but never handed over are
/// applied within seconds), and measures the lag (entries logged but not yet applied) for readiness and metrics.
/// </summary>
public sealed partial class LogKeeper(IGrainFactory grains, IEventStore store, IOptions<ControlRoomGrainOptions> options,
    ControlRoomMetrics metrics, TimeProvider clock, ILogger<LogKeeper> logger) : BackgroundService
{
    /// <summary>Since when the log has had entries not yet applied, checked every <see cref="Every"/> (null: none).</summary>
    private DateTimeOffset? laggingSince;

    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    /// <summary>Entries logged but not yet applied, summed over partitions, at the last check (null: never measured).</summary>
    public long? Lag { get; private set; }

    /// <summary>When every shard last answered.</summary>
    public DateTimeOffset? LastCaughtUp { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shards = Enumerable.Range(0, Math.Max(1, options.Value.Shards)).ToArray();
        var partitions = shards.Select(StoreKeys.LogPartition).ToArray();
        using var timer = new PeriodicTimer(Every, clock);
        using var observed = metrics.ObserveLogLag("ingest", () => new LogLag(Lag ?? 0,
            laggingSince is { } since ? clock.GetUtcNow() - since : TimeSpan.Zero));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var positions = await Task.WhenAll(shards.Select(s => grains.GetGrain<IInteractionShardGrain>(s).CatchUp()));
                    LastCaughtUp = clock.GetUtcNow();
                    var heads = await store.HeadsAsync(partitions, stoppingToken);
                    Lag = heads.Zip(positions, (head, applied) => Math.Max(0, head - applied)).Sum();
                    laggingSince = Lag > 0 ? laggingSince ?? LastCaughtUp : null;
                }
                // A cancelled grain call (an activation that timed out) is a failure to retry; only a stop ends the loop.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogCatchUpFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the log partitions; retrying")]
    private partial void LogCatchUpFailed(Exception exception);
}
