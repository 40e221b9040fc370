using System.Collections.Concurrent;
using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Directory;
using ControlRoom.Grains.Durability;
using ControlRoom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Grains.Tests;

/// <summary>A cluster whose store records the size of every append to the directory's journal (the store itself is the real one).</summary>
public sealed class DirectoryRecordingCluster : ClusterFixture
{
    public ConcurrentQueue<int> DirectoryAppends { get; } = new();

    protected override IEventStore Silos(SqliteEventStore store) => new Recorder(store, this);

    private sealed class Recorder(IEventStore inner, DirectoryRecordingCluster cluster) : DelegatingEventStore(inner)
    {
        public override Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
        {
            foreach (var append in appends.Where(a => a.Stream == StoreKeys.Journal("directory", "0")))
            {
                cluster.DirectoryAppends.Enqueue(append.Payload.Length);
            }

            return base.AppendAsync(appends, cancellationToken);
        }
    }
}

/// <summary>
/// The directory writes what changed, not the whole list: a large outsourcer's 10,000 agents make the list long, and a
/// new agent must not cost a rewrite of it. A directory rebuilt on any node lists every id it acknowledged.
/// </summary>
public sealed class DirectoryTests(DirectoryRecordingCluster fixture) : IClassFixture<DirectoryRecordingCluster>
{
    [Fact]
    public async Task Directory_JournalsOnlyTheIdsAdded_AndARebuiltDirectoryListsEveryOne()
    {
        var directory = fixture.Client.GetGrain<IDirectoryGrain>(0);
        await directory.AddAgents([.. Enumerable.Range(0, 5_000).Select(i => $"dir-agent-{i:00000}")]);
        await directory.AddQueues(["dir-queue-a"]);
        fixture.DirectoryAppends.Clear();

        await directory.AddAgents(["dir-agent-late"]);

        // One append of one id: tens of bytes, where the whole list is about 80 KB.
        fixture.DirectoryAppends.Should().ContainSingle().Which.Should().BeLessThan(200);

        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var agents = await directory.GetAgents();
        agents.Should().HaveCount(5_001).And.Contain(["dir-agent-00000", "dir-agent-04999", "dir-agent-late"]);
        (await directory.GetQueues()).Should().Equal("dir-queue-a");
    }
}

/// <summary>A directory saved whole by earlier versions (through Orleans' grain state) is read and carried into the journal.</summary>
public sealed class SavedDirectoryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task DirectorySavedWholeByEarlierVersions_IsCarriedIntoItsJournal_AndListsEveryIdAfterwards()
    {
        var directory = fixture.Client.GetGrain<IDirectoryGrain>(0);
        var savedKey = StoreKeys.GrainState("directory", directory.GetGrainId().ToString());
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var saved = new DirectoryState();
        saved.Queues.UnionWith(["old-queue-1", "old-queue-2"]);
        saved.Agents.UnionWith(["old-agent-1"]);
        var version = await fixture.Store.WriteSnapshotAsync(savedKey, 0, 0, serializer.SerializeToArray(saved));

        (await directory.GetQueues()).Should().Equal("old-queue-1", "old-queue-2");
        await directory.AddAgents(["new-agent-1"]);

        // The saved whole list gone, the directory rebuilt: the journal alone holds every id.
        await fixture.Store.DeleteSnapshotAsync(savedKey, version);
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        (await directory.GetAgents()).Should().Equal("new-agent-1", "old-agent-1");
        (await directory.GetQueues()).Should().Equal("old-queue-1", "old-queue-2");
    }
}
