using System.Globalization;
using System.Text;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Hosting;

/// <summary>
/// Before the silo starts: the store remembers how many log partitions it was written with, and a host configured
/// with another count refuses to start (it would route an interaction's events to a shard that does not hold it).
/// </summary>
internal sealed partial class StoreLayoutCheck(IEventStore store, IOptions<ControlRoomGrainOptions> options, ILogger<StoreLayoutCheck> logger) : IHostedService
{
    private static readonly string Key = StoreKeys.HostRecord("layout");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var shards = options.Value.Shards;
        StoredSnapshot? stored;
        try
        {
            stored = await store.ReadSnapshotAsync(Key, cancellationToken);
            if (stored is null)
            {
                await store.WriteSnapshotAsync(Key, 0, 0, Encoding.UTF8.GetBytes(shards.ToString(CultureInfo.InvariantCulture)), cancellationToken);
                return;
            }
        }
        catch (Exception ex) when (ex is StoreUnavailableException or StreamConflictException)
        {
            LogUnchecked(ex); // another node just wrote it, or the store is down: the silo's own reads will say so
            return;
        }

        var written = int.Parse(Encoding.UTF8.GetString(stored.Payload), CultureInfo.InvariantCulture);
        if (written != shards)
        {
            throw new InvalidOperationException(
                $"The store was written with ControlRoom:Shards = {written}; this host is configured with {shards}. Keep {written} (the log partitions cannot be re-split).");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the store's partition count at start")]
    private partial void LogUnchecked(Exception exception);
}
