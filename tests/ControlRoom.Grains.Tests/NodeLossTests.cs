using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Durability;
using ControlRoom.Storage;
using ControlRoom.Testing;
using static ControlRoom.Grains.Tests.Events;
using ContactAgentState = ControlRoom.Contracts.Events.AgentState;

namespace ControlRoom.Grains.Tests;

/// <summary>A cluster whose store can hold one snapshot read until the test lets it go (the store itself is the real one).</summary>
public sealed class GatedStoreCluster : ClusterFixture
{
    private volatile Gate? gate;

    /// <summary>The next read of <paramref name="key"/> waits until <see cref="Gate.Release"/>.</summary>
    public Gate Hold(string key) => gate = new Gate(key);

    /// <summary>Snapshot writes of this key fail, as they do on a node that dies before it saves.</summary>
    public string? Unsaved { get; set; }

    protected override IEventStore Silos(SqliteEventStore store) => new GatedStore(store, this);

    public sealed class Gate(string key)
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Key => key;

        /// <summary>Completes when a read of the key is waiting.</summary>
        public Task Reached => reached.Task;

        public void Release() => released.TrySetResult();

        internal Task Pass()
        {
            reached.TrySetResult();
            return released.Task;
        }
    }

    private sealed class GatedStore(IEventStore inner, GatedStoreCluster cluster) : DelegatingEventStore(inner)
    {
        public override async Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default)
        {
            if (cluster.gate is { } gate && gate.Key == key)
            {
                cluster.gate = null;
                await gate.Pass();
            }

            return await base.ReadSnapshotAsync(key, cancellationToken);
        }

        public override Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
            key == cluster.Unsaved
                ? throw new StoreUnavailableException("the node died before it saved")
                : base.WriteSnapshotAsync(key, expectedVersion, position, payload, cancellationToken);
    }
}

/// <summary>
/// What a node's loss does to the grains that survive it. When a host dies, the runtime deactivates every survivor
/// whose directory entry the dead host kept, even one in the middle of a call, while the dead host's queues are
/// rebuilt elsewhere. Neither side may wait for the other.
/// </summary>
public sealed class NodeLossTests(GatedStoreCluster fixture) : IClassFixture<GatedStoreCluster>
{
    /// <summary>A deadlock is broken only by the runtime's 30 s response timeout; this is far below it and far above a healthy answer.</summary>
    private static readonly TimeSpan Deadlocked = TimeSpan.FromSeconds(20);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task AQueueBeingRebuilt_DoesNotWaitForAMemberThatIsLeaving_WhileThatMemberTellsIt()
    {
        var queue = fixture.Client.GetGrain<IQueueGrain>("nl-queue");
        var agent = fixture.Client.GetGrain<IAgentGrain>("nl-agent");
        await fixture.Ingestor.IngestAsync([AgentState("nl-agent", ContactAgentState.Available, Now.AddMinutes(-5), "nl-queue")]);
        await fixture.Cluster.DeactivateAsync(queue);
        await fixture.Cluster.WaitForDeactivationAsync(queue);

        // The agent's next change tells the queue, whose rebuild is held at its first read; then the agent is made to
        // leave while it waits for the queue, as a survivor is when the dead node held its directory entry.
        var rebuild = fixture.Hold(StoreKeys.Snapshot("queue", "nl-queue"));
        var busy = fixture.Ingestor.IngestAsync([AgentState("nl-agent", ContactAgentState.Busy, Now.AddMinutes(-1), "nl-queue")]);
        await rebuild.Reached.WaitAsync(Deadlocked);
        var leaving = fixture.Cluster.DeactivateAsync(agent); // completes once the agent's call has returned
        rebuild.Release();

        var result = await busy.WaitAsync(Deadlocked);
        await leaving.WaitAsync(Deadlocked);
        var snapshot = await queue.GetSnapshot().WaitAsync(Deadlocked);

        result.Accepted.Should().Be(1);
        snapshot!.Agents.Busy.Should().Be(1, "the queue holds the presence its member told it");
        snapshot.Agents.Available.Should().Be(0);
    }

    [Fact]
    public async Task AQueueRebuiltWithoutItsLastSnapshot_TakesItsMembersPresenceFromTheAgents()
    {
        // Presence updates live in the queue's memory and snapshot, not its journal: a queue rebuilt after its node
        // died before saving knows only how each member joined, and asks the agents, which survived, for the rest.
        var queue = fixture.Client.GetGrain<IQueueGrain>("nl-rebuilt");
        await fixture.Ingestor.IngestAsync([AgentState("nl-member", ContactAgentState.Available, Now.AddMinutes(-5), "nl-rebuilt")]);
        await fixture.Ingestor.IngestAsync([AgentState("nl-member", ContactAgentState.Busy, Now.AddMinutes(-1), "nl-rebuilt")]);
        (await queue.GetSnapshot())!.Agents.Busy.Should().Be(1);

        fixture.Unsaved = StoreKeys.Snapshot("queue", "nl-rebuilt");
        await fixture.Cluster.DeactivateAsync(queue);
        fixture.Unsaved = null;

        var rebuilt = await Eventually.UntilAsync(queue.GetSnapshot, s => s!.Agents.Busy == 1, "the agent's busy presence on the rebuilt queue", Deadlocked);
        rebuilt!.Agents.Available.Should().Be(0);
    }
}
