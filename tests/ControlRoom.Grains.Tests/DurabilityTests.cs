using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Interactions;
using ControlRoom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static ControlRoom.Grains.Tests.Events;

namespace ControlRoom.Grains.Tests;

/// <summary>A cluster that never writes snapshots on its own: whatever a grain has after a crash came from the log and journals.</summary>
public sealed class JournalOnlyCluster : ClusterFixture
{
    protected override Dictionary<string, string?> Settings => new(base.Settings) { ["ControlRoom:PersistInterval"] = "01:00:00" };
}

public sealed class DurabilityTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task EntryLoggedButNeverHandedOver_IsAppliedWhenTheShardCatchesUp()
    {
        // What a node that crashed right after appending leaves behind: the entry is in the log, nobody applied it.
        var events = new[] { Offered("lost-1", "d-orphan", Now.AddSeconds(-20)), Answered("lost-1", "d-agent-1", Now.AddSeconds(-12)) };
        var shard = EventRouter.ShardOf("lost-1", ClusterFixture.Shards);
        await AppendOnly(shard, events);

        await fixture.Client.GetGrain<IInteractionShardGrain>(shard).CatchUp();

        var queue = await Snapshot("d-orphan");
        queue.Today.Offered.Should().Be(1);
        queue.Today.Asa.Should().Be(8);
    }

    [Fact]
    public async Task EntriesHandedOverOutOfOrder_AreAppliedInLogOrder_AndEachAnswersItsOwnResult()
    {
        var shard = EventRouter.ShardOf("ooo-log-1", ClusterFixture.Shards);
        var first = new LogBatch(Now, [Offered("ooo-log-1", "d-order", Now.AddSeconds(-30))]);
        var second = new LogBatch(Now, [Answered("ooo-log-1", "d-agent-2", Now.AddSeconds(-25)), Offered("ooo-log-1", "d-order", Now.AddSeconds(-30))]);
        var p1 = await AppendOnly(shard, first.Events);
        var p2 = await AppendOnly(shard, second.Events);
        var grain = fixture.Client.GetGrain<IInteractionShardGrain>(shard);

        var later = await grain.Apply(p2, second);
        var earlier = await grain.Apply(p1, first);

        later.Should().Be(new IngestResult(1, 1), "the offer was applied from the log first, so in the second entry it is a duplicate");
        earlier.Should().Be(new IngestResult(1, 0));
        (await Snapshot("d-order")).Today.Answered.Should().Be(1);
    }

    [Fact]
    public async Task EventIdReusedWithOtherContent_IsAConflict_NotMerged()
    {
        await fixture.Ingestor.IngestAsync([Offered("cf-1", "d-conflict", Now.AddSeconds(-10))]);
        var reused = Offered("cf-1", "d-conflict-elsewhere", Now.AddSeconds(-9)); // same id "cf-1-offered", other content

        var result = await fixture.Ingestor.IngestAsync([reused]);

        result.Accepted.Should().Be(0);
        result.Conflicts.Should().Equal("cf-1-offered");
        (await fixture.Client.GetGrain<IQueueGrain>("d-conflict-elsewhere").GetSnapshot()).Should().BeNull();
    }

    private async Task<long> AppendOnly(int shard, IReadOnlyList<ContactEvent> events)
    {
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var positions = await fixture.Store.AppendAsync([new StreamAppend(StoreKeys.LogPartition(shard), serializer.SerializeToArray(new LogBatch(Now, events)))]);
        return positions[0];
    }

    private async Task<QueueSnapshot> Snapshot(string queueId) =>
        await fixture.Client.GetGrain<IQueueGrain>(queueId).GetSnapshot() ?? throw new InvalidOperationException($"queue {queueId} unknown");
}

/// <summary>A silo dies without any goodbye (no deactivation, no snapshot): its grains come back on the other one.</summary>
public sealed class SiloCrashTests(JournalOnlyCluster fixture) : IClassFixture<JournalOnlyCluster>
{
    [Fact]
    public async Task KilledSilo_ItsShardsQueuesAndAgents_ComeBackFromTheLogAndJournals_WithEveryAcknowledgedEvent()
    {
        var now = fixture.Clock.GetUtcNow();
        var queues = Enumerable.Range(0, 12).Select(i => $"crash-q{i}").ToArray();
        var events = new List<ContactEvent>();
        for (var i = 0; i < 120; i++)
        {
            var queue = queues[i % queues.Length];
            var agent = $"crash-a{i % 10}";
            events.Add(Offered($"crash-{i}", queue, now.AddMinutes(-10).AddSeconds(i)));
            events.Add(Answered($"crash-{i}", agent, now.AddMinutes(-10).AddSeconds(i + 5 + (i % 7))));
            events.Add(Ended($"crash-{i}", now.AddMinutes(-5).AddSeconds(i)));
        }

        events.AddRange(Enumerable.Range(0, 10).Select(a => AgentState($"crash-a{a}", Contracts.Events.AgentState.Available, now.AddMinutes(-1), queues[a], queues[a + 1])));
        foreach (var batch in events.Chunk(50))
        {
            await fixture.Ingestor.IngestAsync(batch);
        }

        var before = await Figures(queues);
        var doomed = fixture.Cluster.Silos[1];
        await fixture.Cluster.KillSiloAsync(doomed);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        // A rebuilt queue asks its members for their presence once it serves: agent counts follow within moments.
        var after = await Eventually.UntilAsync(() => Figures(queues), f => f.SequenceEqual(before), "every queue's figures as before the kill", TimeSpan.FromSeconds(20));

        after.Should().BeEquivalentTo(before);
        after.Sum(f => f.Offered).Should().Be(120);
        after.Sum(f => f.Agents).Should().Be(20, "each of the ten agents serves two queues");
    }

    private async Task<List<(string Queue, int Offered, int Answered, double? Asa, double? Aht, int Agents)>> Figures(string[] queues)
    {
        var figures = new List<(string, int, int, double?, double?, int)>();
        foreach (var id in queues)
        {
            var s = await fixture.Client.GetGrain<IQueueGrain>(id).GetSnapshot();
            figures.Add((id, s!.Today.Offered, s.Today.Answered, s.Today.Asa, s.Today.Aht, s.Agents.Available));
        }

        return figures;
    }
}

/// <summary>A silo dies without any goodbye: queues rebuilt from their journals alone are still catching up.</summary>
public sealed class CatchingUpCrashTests(JournalOnlyCluster fixture) : IClassFixture<JournalOnlyCluster>
{
    [Fact]
    public async Task KilledSilo_QueuesRebuiltFromTheirJournals_AreStillCatchingUp_WithTheSameLag()
    {
        var now = fixture.Clock.GetUtcNow();
        var queues = Enumerable.Range(0, 8).Select(i => $"cu-crash-q{i}").ToArray();

        // Each queue its own request, each further behind, so every queue has a lag of its own to recover.
        for (var i = 0; i < queues.Length; i++)
        {
            await fixture.Ingestor.IngestAsync([Offered($"cu-crash-{i}", queues[i], now.AddHours(-1).AddMinutes(-i))]);
        }

        var before = await Lags(queues);
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[1]);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        var after = await Lags(queues);

        before.Should().OnlyContain(q => q.CatchingUp);
        after.Should().Equal(before);
    }

    private async Task<List<(string Queue, bool CatchingUp, double? Lag, int Breaches)>> Lags(string[] queues)
    {
        var lags = new List<(string, bool, double?, int)>();
        foreach (var id in queues)
        {
            var s = await fixture.Client.GetGrain<IQueueGrain>(id).GetSnapshot();
            lags.Add((id, s!.CatchingUp, s.SourceLagSeconds, s.Breaches.Count));
        }

        return lags;
    }
}
