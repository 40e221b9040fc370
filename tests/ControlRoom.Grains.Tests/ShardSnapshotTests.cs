using System.Collections.Concurrent;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Interactions;
using ControlRoom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static ControlRoom.Grains.Tests.Events;

namespace ControlRoom.Grains.Tests;

/// <summary>A cluster whose store records which parts each shard snapshot wrote (the store itself is the real one).</summary>
public sealed class PartsRecordingCluster : ClusterFixture
{
    public ConcurrentQueue<(string Key, long Position, string[] Put, string[] Removed)> Writes { get; } = new();

    /// <summary>Released once per snapshot written with parts.</summary>
    public SemaphoreSlim Written { get; } = new(0);

    protected override IEventStore Silos(SqliteEventStore store) => new PartsRecorder(store, this);

    private sealed class PartsRecorder(IEventStore inner, PartsRecordingCluster cluster) : DelegatingEventStore(inner)
    {
        public override async Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default)
        {
            var version = await base.WriteSnapshotAsync(key, expectedVersion, position, payload, parts, cancellationToken);
            cluster.Writes.Enqueue((key, position, [.. parts.Put.Select(p => p.Name)], [.. parts.Removed]));
            cluster.Written.Release();
            return version;
        }
    }
}

/// <summary>
/// A shard's snapshot holds its interactions as parts and writes only those changed since the last one, so its cost
/// follows the traffic, not the day the shard remembers; a shard read back from parts (or from the whole-book snapshot
/// of earlier versions) still knows every event it saw.
/// </summary>
public sealed class ShardSnapshotTests(PartsRecordingCluster fixture) : IClassFixture<PartsRecordingCluster>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task ShardSnapshot_WritesOnlyTheInteractionsChangedSinceTheLast_AndARebuiltShardKnowsEveryEvent()
    {
        var shard = 0;
        var ids = InteractionsOf(shard, "parts", 40);
        var day = ids.SelectMany(id => new[] { Offered(id, "ss-queue", Now.AddMinutes(-3)), Answered(id, "ss-agent", Now.AddMinutes(-2)) }).ToList();
        await fixture.Ingestor.IngestAsync(day);
        var first = await NextSnapshot(shard);

        var late = Ended(ids[7], Now.AddSeconds(-5));
        await fixture.Ingestor.IngestAsync([late]);
        var second = await NextSnapshot(shard);

        first.Put.Should().BeEquivalentTo(ids);
        second.Put.Should().Equal(ids[7]);
        second.Removed.Should().BeEmpty();

        // Every activation goes (a graceful collection), then the same events again: the rebuilt shard knows them all.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await fixture.Ingestor.IngestAsync([.. day, late]);

        again.Accepted.Should().Be(0);
        again.Duplicates.Should().Be(day.Count + 1);
        var queue = await fixture.Client.GetGrain<IQueueGrain>("ss-queue").GetSnapshot();
        (queue!.Today.Offered, queue.Today.Answered).Should().Be((40, 40));
    }

    [Fact]
    public async Task ShardWithTheWholeBookSnapshotOfEarlierVersions_ReadsIt_AndWritesItAsPartsNext()
    {
        var shard = 1;
        var ids = InteractionsOf(shard, "legacy", 5);
        var events = ids.Select(id => Offered(id, "ss-legacy", Now.AddMinutes(-1))).ToList();
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var position = (await fixture.Store.AppendAsync([new StreamAppend(StoreKeys.LogPartition(shard), serializer.SerializeToArray(new LogBatch(Now, events)))]))[0];
        var book = new InteractionBook();
        book.Commit(book.Stage(events, Now));
        await fixture.Store.WriteSnapshotAsync(StoreKeys.ShardSnapshot(shard), 0, position, serializer.SerializeToArray(new ShardState { Book = book, Position = position }));

        var again = await fixture.Ingestor.IngestAsync(events);
        var rewritten = await NextSnapshot(shard);

        (again.Accepted, again.Duplicates).Should().Be((0, 5));
        rewritten.Put.Should().BeEquivalentTo(ids);
        (await fixture.Store.ReadSnapshotAsync(StoreKeys.ShardSnapshot(shard)))!.Payload.Should().BeEmpty();
        (await fixture.Store.ReadSnapshotPartsAsync(StoreKeys.ShardSnapshot(shard))).Select(p => p.Name).Should().BeEquivalentTo(ids);
    }

    [Fact]
    public async Task ShardWithEventsPackedByEarlierVersions_ReadsThem_AndWritesThemCompactlyNext()
    {
        var shard = 3;
        var ids = InteractionsOf(shard, "orleans-packed", 5);
        var events = ids.SelectMany(id => new[] { Offered(id, "ss-packed", Now.AddMinutes(-4)), Answered(id, "ss-agent", Now.AddMinutes(-3)), Ended(id, Now.AddMinutes(-2)) }).ToList();
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var position = (await fixture.Store.AppendAsync([new StreamAppend(StoreKeys.LogPartition(shard), serializer.SerializeToArray(new LogBatch(Now, events)))]))[0];
        var parts = ids.Select(id =>
        {
            // What earlier versions stored of an interaction: when it was last heard of, then its events as the serializer packs them.
            var packed = serializer.SerializeToArray(events.Where(e => e.InteractionId == id).ToList());
            return new SnapshotPart(id, [.. BitConverter.GetBytes(Now.UtcTicks), .. packed]);
        }).ToList();
        await fixture.Store.WriteSnapshotAsync(StoreKeys.ShardSnapshot(shard), 0, position, ReadOnlyMemory<byte>.Empty, new SnapshotParts(parts, []));

        // A shard that cannot read the parts fails every apply, and the ingestor's retries wait on the fixture's fake
        // clock: the deadline makes that a failure instead of a hang.
        var again = await fixture.Ingestor.IngestAsync(events).WaitAsync(TimeSpan.FromSeconds(30));
        var late = await fixture.Ingestor.IngestAsync([Ended(ids[2], Now.AddMinutes(-2)) with { EventId = "orleans-packed-late" }]);
        var rewritten = await NextSnapshot(shard);

        (again.Accepted, again.Duplicates).Should().Be((0, events.Count), "every event was read back from the earlier packing");
        late.Accepted.Should().Be(1);
        rewritten.Put.Should().Equal(ids[2]);
        var stored = (await fixture.Store.ReadSnapshotPartsAsync(StoreKeys.ShardSnapshot(shard))).Single(p => p.Name == ids[2]);
        CompactEventPacker.IsCompact(stored.Payload.AsSpan(sizeof(long))).Should().BeTrue("a changed interaction is written in the compact packing");
        CompactEventPacker.Instance.Unpack(stored.Payload[sizeof(long)..]).Select(e => e.EventId).Should().Equal(
            events.Where(e => e.InteractionId == ids[2]).Select(e => e.EventId).Append("orleans-packed-late"));
    }

    private static string[] InteractionsOf(int shard, string prefix, int count) =>
        [.. Enumerable.Range(0, 10_000).Select(i => $"{prefix}-{i}").Where(id => EventRouter.ShardOf(id, ClusterFixture.Shards) == shard).Take(count)];

    /// <summary>Moves the clock past the snapshot interval and waits for the shard's next snapshot (grain timers tick every real second).</summary>
    private async Task<(string Key, long Position, string[] Put, string[] Removed)> NextSnapshot(int shard)
    {
        var key = StoreKeys.ShardSnapshot(shard);
        var head = await fixture.Store.HeadAsync(StoreKeys.LogPartition(shard));
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await fixture.Written.WaitAsync(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
        {
            while (fixture.Writes.TryDequeue(out var write))
            {
                if (write.Key == key && write.Position >= head)
                {
                    return write;
                }
            }
        }

        throw new TimeoutException($"Shard {shard} wrote no snapshot through position {head}.");
    }
}
