using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;
using ControlRoom.Grains.Hosting;
using static ControlRoom.Grains.Tests.Events;
using ContactAgentState = ControlRoom.Contracts.Events.AgentState;

namespace ControlRoom.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class QueueGrainTests(ClusterFixture fixture)
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Transfer_LeavesOneQueueAndEntersTheOtherAtTheSameMoment()
    {
        var t0 = Now.AddMinutes(-2);

        await Ingest(
            Offered("tr-1", "g-transfer-a", t0),
            Transferred("tr-1", "g-transfer-a", "g-transfer-b", t0.AddSeconds(30)),
            Answered("tr-1", "g-agent-1", t0.AddSeconds(45)));

        var a = await Snapshot("g-transfer-a");
        var b = await Snapshot("g-transfer-b");
        a.Today.Offered.Should().Be(1);
        a.Today.TransferredOut.Should().Be(1);
        a.Today.Answered.Should().Be(0);
        a.Waiting.Should().Be(0);
        b.Today.Offered.Should().Be(1);
        b.Today.Answered.Should().Be(1);
        b.Today.Asa.Should().Be(15, "the wait in the second queue starts at the transfer");
    }

    [Fact]
    public async Task RetriedBatch_CountsOnce()
    {
        var batch = new[] { Offered("re-1", "g-retry", Now.AddSeconds(-10)), Answered("re-1", "g-agent-2", Now.AddSeconds(-5)) };

        var first = await Ingest(batch);
        var second = await Ingest(batch);

        first.Accepted.Should().Be(2);
        second.Duplicates.Should().Be(2);
        second.Accepted.Should().Be(0);
        (await Snapshot("g-retry")).Today.Offered.Should().Be(1);
    }

    [Fact]
    public async Task AnsweredBeforeOffered_InSeparateBatches_GivesTheFiguresOfAnOrderedStream()
    {
        await Ingest(Answered("ooo-1", "g-agent-3", Now.AddSeconds(-20)));
        await Ingest(Offered("ooo-1", "g-ooo", Now.AddSeconds(-32)));

        var snapshot = await Snapshot("g-ooo");
        snapshot.Today.Answered.Should().Be(1);
        snapshot.Today.AnsweredWithinThreshold.Should().Be(1);
        snapshot.Today.Asa.Should().Be(12);
        snapshot.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task WaitingContact_BreachesAsTheClockMoves_AndAnsweringRecovers()
    {
        var probe = await LiveProbe.JoinAsync(fixture.Client);
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-clock");
        await Ingest(Offered("clk-1", "g-clock", Now));

        // Past the 120 s critical line for longer than the default rule's 30 s hold.
        fixture.Clock.Advance(TimeSpan.FromSeconds(160));
        var raised = await probe.NextDeviationAsync(d => d.QueueId == "g-clock");
        await Ingest(Answered("clk-1", "g-agent-4", Now));

        // Grain timers run on the silo's TimeProvider: the coalesced push is due one publish interval later.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var recovered = await probe.NextDeviationAsync(d => d.QueueId == "g-clock" && d.Severity == Severity.Ok);

        raised.Severity.Should().Be(Severity.Critical);
        raised.Value.Should().BeGreaterThanOrEqualTo(160);
        recovered.RuleId.Should().Be(raised.RuleId);
        (await queue.GetSnapshot())!.Breaches.Should().BeEmpty();
        await probe.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task MultiskillAgent_CountsInEachOfItsQueuesByState()
    {
        await Ingest(
            AgentState("g-multi", Contracts.Events.AgentState.Available, Now.AddMinutes(-1), "g-skill-a", "g-skill-b"),
            Offered("ms-1", "g-skill-a", Now.AddSeconds(-2)),
            Offered("ms-2", "g-skill-b", Now.AddSeconds(-2)));

        var a = await Snapshot("g-skill-a");
        var b = await Snapshot("g-skill-b");

        a.Agents.Available.Should().Be(1);
        b.Agents.Available.Should().Be(1);
        a.Agents.LoggedIn.Should().Be(1);
    }

    [Fact]
    public async Task AgentFigures_AfterAChangeOfLegsAlone_AreInTheSnapshotReadAndPushed()
    {
        var probe = await LiveProbe.JoinAsync(fixture.Client);
        await Ingest(AgentState("g-af-agent", Contracts.Events.AgentState.Available, Now.AddMinutes(-1), "g-agent-figures"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        // No default rule reads agents: the judgement of these legs must still leave the agents' figures in what is read
        // at its instant and pushed after it.
        await Ingest(Offered("af-1", "g-agent-figures", Now));
        var read = await Snapshot("g-agent-figures");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var pushed = await probe.NextUpdateAsync(s => s.QueueId == "g-agent-figures" && s.Waiting == 1);

        read.Waiting.Should().Be(1);
        read.Agents.Available.Should().Be(1);
        pushed.Agents.Available.Should().Be(1);
        pushed.Today.Occupancy.Should().Be(read.Today.Occupancy);
    }

    [Fact]
    public async Task AgentPresence_GivesOccupancyInEachQueueServedAndOnTheAgent()
    {
        // Available 40 → 30 min ago, busy 30 → 10, available since: today 20 of 40 min, last 30 min 20 of 30.
        // Sent out of order and with a duplicate, as a real feed may.
        var available = AgentState("g-occ", Contracts.Events.AgentState.Available, Now.AddMinutes(-40), "g-occ-a", "g-occ-b");
        await Ingest(
            AgentState("g-occ", Contracts.Events.AgentState.Available, Now.AddMinutes(-10), "g-occ-a", "g-occ-b"),
            available);
        await Ingest(AgentState("g-occ", Contracts.Events.AgentState.Busy, Now.AddMinutes(-30), "g-occ-a", "g-occ-b"), available);

        var a = await Snapshot("g-occ-a");
        var b = await Snapshot("g-occ-b");
        var agent = await fixture.Client.GetGrain<IAgentGrain>("g-occ").GetSnapshot();

        a.Today.Occupancy.Should().Be(50);
        a.Rolling30m.Occupancy.Should().Be(66.67);
        b.Today.Occupancy.Should().Be(50, "a multiskill agent's time counts in each queue it serves");
        agent!.OccupancyToday.Should().Be(50);
        agent.OccupancyRolling30m.Should().Be(66.67);
    }

    [Fact]
    public async Task QueueState_SurvivesDeactivation()
    {
        await Ingest(Offered("per-1", "g-persist", Now.AddSeconds(-3)), Answered("per-1", "g-agent-5", Now));
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-persist");
        var before = await queue.GetSnapshot();

        await fixture.Cluster.DeactivateAsync(queue);
        await fixture.Cluster.WaitForDeactivationAsync(queue);
        var after = await queue.GetSnapshot();

        after!.Today.Should().BeEquivalentTo(before!.Today);
    }

    [Fact]
    public async Task AgentsByState_ComeFromThePresenceInEventTime_NotFromWhenTheNodeStarted()
    {
        // An agent's morning, sent late and out of order: the queue's intervals are those of the events' own times.
        var nine = EventClock.IntervalStart(Now.AddHours(-1));
        await Ingest(AgentState("g-as-1", ContactAgentState.Busy, nine.AddMinutes(10), "g-agent-states"));
        await Ingest(AgentState("g-as-1", ContactAgentState.Available, nine, "g-agent-states"));
        await Ingest(AgentState("g-as-1", ContactAgentState.Away, nine.AddMinutes(15), "g-agent-states"));

        var intervals = await fixture.Client.GetGrain<IQueueGrain>("g-agent-states").GetAgentIntervals(nine, nine.AddMinutes(30));

        intervals.Should().Equal(
            new AgentStateInterval(nine, Available: 0.67, Busy: 0.33, Wrapup: 0, Away: 0),
            new AgentStateInterval(nine.AddMinutes(15), 0, 0, 0, 1));
    }

    [Fact]
    public async Task BacklogTwoHoursOld_MakesTheQueueCatchUp_WithoutAnAlert_UntilALiveRequest()
    {
        var queue = fixture.Client.GetGrain<IQueueGrain>("cu-backlog");
        var behind = Now.AddHours(-2);

        // The queue judges every batch before the shard's hand-over returns: the snapshots after each ingest are judged.
        await Ingest(Offered("cu-1", "cu-backlog", behind), Offered("cu-2", "cu-backlog", behind.AddSeconds(20)), Answered("cu-2", "cu-agent-1", behind.AddSeconds(40)));
        var catchingUp = await queue.GetSnapshot();
        await Ingest(Offered("cu-3", "cu-backlog", Now));
        var live = await queue.GetSnapshot();

        catchingUp!.CatchingUp.Should().BeTrue();
        catchingUp.SourceLagSeconds.Should().Be(2 * 3600 - 40);
        catchingUp.Waiting.Should().Be(1);
        catchingUp.Breaches.Should().BeEmpty("cu-1 has waited two hours as far as the backlog has told, which nobody can vouch for");
        catchingUp.Status.Should().Be(Severity.Ok);
        live!.CatchingUp.Should().BeFalse();
        live.SourceLagSeconds.Should().Be(0);
        live.Breaches.Should().ContainSingle().Which.Should().Match<Breach>(b => b.RuleId == "longest-wait" && b.Severity == Severity.Critical,
            "live again, the two-hour wait is judged at once");
    }

    [Fact]
    public async Task CatchingUp_SurvivesDeactivation()
    {
        await Ingest(Offered("cu-per-1", "cu-persist", Now.AddHours(-1)));
        var queue = fixture.Client.GetGrain<IQueueGrain>("cu-persist");
        var before = await queue.GetSnapshot();

        await fixture.Cluster.DeactivateAsync(queue);
        await fixture.Cluster.WaitForDeactivationAsync(queue);
        var after = await queue.GetSnapshot();

        before!.CatchingUp.Should().BeTrue();
        after!.CatchingUp.Should().BeTrue();
        after.SourceLagSeconds.Should().Be(before.SourceLagSeconds).And.Be(3600);
        after.Breaches.Should().BeEmpty();
    }

    [Fact]
    public void CatchUpLag_MustBeMoreThanZero()
    {
        new ControlRoomGrainOptions { CatchUpLag = TimeSpan.Zero }.Problems().Should().Equal("ControlRoom:CatchUpLag: must be more than zero");
        new ControlRoomGrainOptions().Problems().Should().BeEmpty();
    }

    private async Task<QueueSnapshot> Snapshot(string queueId) =>
        await fixture.Client.GetGrain<IQueueGrain>(queueId).GetSnapshot() ?? throw new InvalidOperationException($"queue {queueId} unknown");

    /// <summary>The host's own ingest: appended to the log, applied by the shards.</summary>
    private Task<IngestResult> Ingest(params ContactEvent[] events) => fixture.Ingestor.IngestAsync(events);
}
