using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using ControlRoom.Grains.Durability;
using static ControlRoom.Grains.Tests.Events;
using ContactAgentState = ControlRoom.Contracts.Events.AgentState;

namespace ControlRoom.Grains.Tests;

/// <summary>Issue 15: rules judged at the instant they change, deviations never coalesced, the directory written in batches.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LivePipelineTests(ClusterFixture fixture)
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task LongestWait_FiresAtTheInstantItsHoldEnds_NotOnTheNextWholeSecond()
    {
        var probe = await LiveProbe.JoinAsync(fixture.Client);
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-exact");

        // Offered 0.3 s before the queue first hears of it: the default warning (over 60 s, held 30 s) is due
        // 89.7 s from now, between two whole seconds of the queue's activation.
        var offered = Now.AddSeconds(-0.3);
        await Ingest(Offered("exact-1", "g-exact", offered));

        fixture.Clock.Advance(TimeSpan.FromSeconds(89.5));
        (await queue.GetSnapshot())!.Breaches.Should().BeEmpty("the wait has been past 60 s for 29.8 s only");
        // To the crossing and a millisecond on: the hold's start is computed from an age in floating point, so the
        // instant may come a tick after the exact one. A poll every whole second would still be 0.3 s away.
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(201));
        var warning = await probe.NextDeviationAsync(d => d.QueueId == "g-exact");

        warning.Severity.Should().Be(Severity.Warning);
        warning.OccurredAt.Should().BeCloseTo(offered.AddSeconds(90), TimeSpan.FromMilliseconds(1), "the rule is judged when its hold ends, not polled");
        warning.Value.Should().Be(90);
        warning.Since.Should().BeCloseTo(offered.AddSeconds(60), TimeSpan.FromMilliseconds(1));
        await Ingest(Answered("exact-1", "g-exact-agent", Now));
        (await probe.NextDeviationAsync(d => d.QueueId == "g-exact")).Severity.Should().Be(Severity.Ok, "an answer is judged as it is applied");
        await probe.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task DeviationOfAnEvent_IsPushedAtOnce_NotCoalescedWithTheSnapshots()
    {
        var probe = await LiveProbe.JoinAsync(fixture.Client);
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-at-once");
        await queue.UpdateSettings(new QueueSettings { Rules = [new SlaRule("crowd", SlaMetrics.Waiting, Comparison.Above, 0, 1)] });

        // The first contact's snapshot goes out at once and opens the coalescing window; the clock does not move, so
        // a deviation held back with the snapshots would never arrive.
        await Ingest(Offered("crowd-1", "g-at-once", Now));
        (await probe.NextDeviationAsync(d => d.QueueId == "g-at-once")).Severity.Should().Be(Severity.Warning);
        await Ingest(Offered("crowd-2", "g-at-once", Now));
        var critical = await probe.NextDeviationAsync(d => d.QueueId == "g-at-once");

        critical.Severity.Should().Be(Severity.Critical);
        critical.Value.Should().Be(2);
        await probe.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task SnapshotRead_NeverPublishes()
    {
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-read");
        await Ingest(Offered("read-1", "g-read", Now));
        var probe = await LiveProbe.JoinAsync(fixture.Client); // after the first snapshot was published

        for (var i = 0; i < 5; i++)
        {
            (await queue.GetSnapshot())!.Waiting.Should().Be(1);
        }

        // The next push is the one the change causes, not one the reads caused.
        await Ingest(Answered("read-1", "g-read-agent", Now));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1)); // past the coalescing window the first contact opened
        (await probe.NextUpdateAsync(s => s.QueueId == "g-read")).Waiting.Should().Be(0);
        await probe.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task ManyAgentsAppearingAtOnce_AreListedInAFewDirectoryWrites()
    {
        const int agents = 300;
        var directory = fixture.Client.GetGrain<IDirectoryGrain>(0);
        var journal = StoreKeys.Journal("directory", "0");
        var before = await fixture.Store.HeadAsync(journal);

        await Ingest([.. Enumerable.Range(0, agents).Select(a => AgentState($"g-crowd-{a:000}", ContactAgentState.Available, Now, "g-crowd"))]);

        var listed = await directory.GetAgents();
        listed.Where(id => id.StartsWith("g-crowd-", StringComparison.Ordinal)).Should().HaveCount(agents, "an agent's first presence returns once it is listed");
        var writes = await fixture.Store.HeadAsync(journal) - before;
        writes.Should().BeLessThan(agents / 5, "agents arriving together share a write");
    }

    [Fact]
    public async Task ManyAgentsJoiningAQueueAtOnce_AreAllCounted_InAFewJournalEntries()
    {
        const int agents = 300;
        var stream = StoreKeys.Journal("queue", "g-joiners");
        var before = await fixture.Store.HeadAsync(stream);

        await Ingest([.. Enumerable.Range(0, agents).Select(a => AgentState($"g-joiner-{a:000}", ContactAgentState.Available, Now, "g-joiners"))]);

        var joined = await fixture.Store.HeadAsync(stream) - before;
        joined.Should().BeLessThan(agents / 5, "agents joining while the queue is being told share its next call and journal entry");
        (await AgentsOf("g-joiners")).Should().Be((agents, agents), "an agent's first presence returns once its queue holds it");

        // Half move to another queue: leaving is batched and counted the same way.
        await Ingest([.. Enumerable.Range(0, agents / 2).Select(a => AgentState($"g-joiner-{a:000}", ContactAgentState.Away, Now.AddSeconds(1), "g-leavers"))]);

        (await AgentsOf("g-joiners")).Should().Be((agents / 2, agents / 2));
        (await AgentsOf("g-leavers")).Should().Be((agents / 2, 0), "the movers are away");
    }

    [Fact]
    public async Task AnAgentRule_IsJudgedTheMomentAnAgentChanges()
    {
        var probe = await LiveProbe.JoinAsync(fixture.Client);
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-staffed");
        await queue.UpdateSettings(new QueueSettings { Rules = [new SlaRule("staffed", SlaMetrics.AgentsAvailable, Comparison.Below, 1, 0)] });
        await Ingest(AgentState("g-staffed-agent", ContactAgentState.Available, Now, "g-staffed"));

        await Ingest(AgentState("g-staffed-agent", ContactAgentState.Away, Now.AddMilliseconds(1), "g-staffed"));
        var warning = await probe.NextDeviationAsync(d => d.QueueId == "g-staffed");

        warning.Severity.Should().Be(Severity.Warning, "no agent is available any more");
        warning.Value.Should().Be(0);
        await probe.LeaveAsync(fixture.Client);
    }

    [Fact]
    public async Task AnAgentChange_ShowsInTheFiguresAtOnce_WithNoRuleOnAgents()
    {
        var queue = fixture.Client.GetGrain<IQueueGrain>("g-roster");
        await Ingest(Offered("roster-1", "g-roster", Now));
        (await queue.GetSnapshot())!.Agents.Available.Should().Be(0);

        // The clock does not move: figures judged a moment ago must not stand in for the change.
        await Ingest(AgentState("g-roster-agent", ContactAgentState.Available, Now, "g-roster"));

        var snapshot = (await queue.GetSnapshot())!;
        snapshot.Agents.Available.Should().Be(1);
        snapshot.Waiting.Should().Be(1);
    }

    private Task<IngestResult> Ingest(params ContactEvent[] events) => fixture.Ingestor.IngestAsync(events);

    /// <summary>The queue's agents logged in (away included) and available, from its live figures.</summary>
    private async Task<(int LoggedIn, int Available)> AgentsOf(string queueId) =>
        await fixture.Client.GetGrain<IQueueGrain>(queueId).GetSnapshot() is { } s ? (s.Agents.LoggedIn, s.Agents.Available) : (0, 0);
}

