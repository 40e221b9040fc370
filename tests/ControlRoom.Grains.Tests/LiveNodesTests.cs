using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using static ControlRoom.Grains.Tests.Events;

namespace ControlRoom.Grains.Tests;

/// <summary>Issue 15: one push path, each silo's publisher sending to every live node, a slow node costing only itself.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveNodesTests(ClusterFixture fixture)
{
    private static readonly SlaRule Crowd = new("crowd", SlaMetrics.Waiting, Comparison.Above, 1, 2);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task EveryJoinedNode_ReceivesEachDeviation()
    {
        var first = await LiveProbe.JoinAsync(fixture.Client);
        var second = await LiveProbe.JoinAsync(fixture.Client);
        await fixture.Client.GetGrain<IQueueGrain>("g-nodes").UpdateSettings(new QueueSettings { Rules = [Crowd] });

        await Ingest(Offered("nodes-1", "g-nodes", Now), Offered("nodes-2", "g-nodes", Now));

        (await first.NextDeviationAsync(d => d.QueueId == "g-nodes")).Severity.Should().Be(Severity.Warning);
        (await second.NextDeviationAsync(d => d.QueueId == "g-nodes")).Severity.Should().Be(Severity.Warning);
        await first.LeaveAsync(fixture.Client);
        await second.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task SlowNode_GetsTheNewestSnapshotInsteadOfTheOnesBetween_AndEveryDeviationInOrder_WithoutWaitingForTheSnapshots()
    {
        var slow = await LiveProbe.JoinAsync(fixture.Client);
        var quick = await LiveProbe.JoinAsync(fixture.Client);
        await fixture.Client.GetGrain<IQueueGrain>("g-slow").UpdateSettings(new QueueSettings { Rules = [Crowd] });
        // The batch held is one with this queue's snapshot: the silos' lanes are separate, and the node takes each
        // silo's batches side by side, so holding another silo's batch would hold nothing of this queue's.
        slow.Hold(batch => batch.Any(c => c.Queue?.QueueId == "g-slow"));

        // Each contact's snapshot reaches the quick node (past the grain's own coalescing, a publish interval later)
        // while the slow node still holds its first batch: the one node's delay costs the other nothing.
        for (var waiting = 1; waiting <= 3; waiting++)
        {
            await Ingest(Offered($"slow-{waiting}", "g-slow", Now));
            fixture.Clock.Advance(TimeSpan.FromMilliseconds(300));
            var expected = waiting;
            await quick.NextUpdateAsync(s => s.QueueId == "g-slow" && s.Waiting == expected);
            await slow.Holding;
        }

        // The slow node's snapshots are held, yet each deviation reaches it, in order: an alert has a lane of its own.
        (await slow.NextDeviationAsync(d => d.QueueId == "g-slow")).Severity.Should().Be(Severity.Warning);
        (await slow.NextDeviationAsync(d => d.QueueId == "g-slow")).Severity.Should().Be(Severity.Critical);

        slow.Release();
        var received = new List<LiveChange>();
        while (!received.Exists(c => c.Queue is { QueueId: "g-slow", Waiting: 3 }))
        {
            received.AddRange(await slow.NextBatchAsync(_ => true));
        }

        received.Where(c => c.Queue?.QueueId == "g-slow").Select(c => c.Queue!.Waiting).Should().NotContain(2,
            "a snapshot that waited behind the held batch was replaced by the newer one");
        received.Where(c => c.Deviation?.QueueId == "g-slow").Select(c => c.Deviation!.Severity).Should()
            .Equal([Severity.Warning, Severity.Critical], "deviations are never coalesced, and are sent once each");
        await slow.LeaveAsync(fixture.Client);
        await quick.LeaveAsync(fixture.Client);
    }

    private Task<IngestResult> Ingest(params ContactEvent[] events) => fixture.Ingestor.IngestAsync(events);
}
