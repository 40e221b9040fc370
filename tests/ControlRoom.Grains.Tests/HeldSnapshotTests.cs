using ControlRoom.Grains.Durability;
using ControlRoom.Storage;
using static ControlRoom.Grains.Tests.Events;

namespace ControlRoom.Grains.Tests;

/// <summary>A cluster whose store holds every shard snapshot write until the test lets it through.</summary>
public sealed class HeldSnapshotCluster : ClusterFixture
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once per shard snapshot write that began (and is now held).</summary>
    public SemaphoreSlim Began { get; } = new(0);

    public void Release() => gate.TrySetResult();

    public override async Task DisposeAsync()
    {
        Release(); // a held write would keep the silos' shutdown waiting for it
        await base.DisposeAsync();
    }

    protected override IEventStore Silos(SqliteEventStore store) => new Holder(store, this);

    private sealed class Holder(IEventStore inner, HeldSnapshotCluster cluster) : DelegatingEventStore(inner)
    {
        public override async Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default)
        {
            cluster.Began.Release();
            await cluster.gate.Task;
            return await base.WriteSnapshotAsync(key, expectedVersion, position, payload, parts, cancellationToken);
        }
    }
}

/// <summary>
/// Every request touches every shard, so a shard that waited for its own snapshot's commit in its turn held every
/// request for as long (up to a second under load). The write runs off the shard's turn.
/// </summary>
public sealed class HeldSnapshotTests(HeldSnapshotCluster fixture) : IClassFixture<HeldSnapshotCluster>
{
    [Fact]
    public async Task ShardWhoseSnapshotWriteIsHeld_StillAppliesTheNextRequests()
    {
        var now = fixture.Clock.GetUtcNow();
        await fixture.Ingestor.IngestAsync([Offered("held-1", "held-queue", now.AddMinutes(-1))]);
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        (await fixture.Began.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeTrue("a shard's tick began its snapshot (grain timers tick every real second)");

        // Both requests go to every shard they touch while the snapshot writes are held.
        var next = await fixture.Ingestor.IngestAsync([.. Enumerable.Range(2, 20).Select(i => Offered($"held-{i}", "held-queue", now))])
            .WaitAsync(TimeSpan.FromSeconds(20));
        fixture.Release();

        next.Accepted.Should().Be(20);
        var queue = await fixture.Client.GetGrain<Contracts.Grains.IQueueGrain>("held-queue").GetSnapshot();
        queue!.Waiting.Should().Be(21);
    }
}
