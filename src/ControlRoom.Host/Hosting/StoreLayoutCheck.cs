using System.Globalization;
using System.Text;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Hosting;

/// <summary>
/// Before the silo starts: the store remembers how many log partitions it was written with. A host that does not set
/// <c>ControlRoom:Shards</c> takes the store's count (a data folder or Redis written before the default changed keeps
/// its 16); a host configured with another count refuses to start (it would route an interaction's events to a shard
/// that does not hold it). A new store records the count in force.
/// </summary>
internal sealed partial class StoreLayoutCheck(
    IEventStore store,
    IOptions<ControlRoomGrainOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<StoreLayoutCheck> logger) : IHostedService
{
    /// <summary>Where the store keeps its partition count (its decimal text).</summary>
    internal static readonly string Key = StoreKeys.HostRecord("layout");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = configuration[$"{ControlRoomGrainOptions.Section}:{nameof(ControlRoomGrainOptions.Shards)}"] is not null;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                if (await store.ReadSnapshotAsync(Key, cancellationToken) is { } stored)
                {
                    Keep(int.Parse(Encoding.UTF8.GetString(stored.Payload), CultureInfo.InvariantCulture), configured);
                    return;
                }

                await store.WriteSnapshotAsync(Key, 0, 0, Encoding.UTF8.GetBytes(options.Value.Shards.ToString(CultureInfo.InvariantCulture)), cancellationToken);
                return;
            }
            catch (StreamConflictException)
            {
                // Another node recorded the layout just now: read what it wrote.
            }
            catch (StoreUnavailableException ex)
            {
                if (configured)
                {
                    LogUnchecked(ex); // the count is set; the silo's own reads will say the store is down
                    return;
                }

                // The count is the store's to say: routing by a guess could split an interaction's events.
                LogWaiting(ex, delay);
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Keep(int written, bool configured)
    {
        var shards = options.Value.Shards;
        if (written == shards)
        {
            return;
        }

        if (configured)
        {
            throw new InvalidOperationException(
                $"The store was written with ControlRoom:Shards = {written}; this host is configured with {shards}. Keep {written} (the log partitions cannot be re-split).");
        }

        // Read before anything routes an event: the ingestor and the log keeper read the count per use, after start.
        options.Value.Shards = written;
        LogAdopted(written, shards);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the store's partition count at start")]
    private partial void LogUnchecked(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store does not answer; waiting {Delay} to read its partition count before starting")]
    private partial void LogWaiting(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "The store was written with {Written} log partitions and keeps them (the default for a new store is {Default})")]
    private partial void LogAdopted(int written, int @default);
}
