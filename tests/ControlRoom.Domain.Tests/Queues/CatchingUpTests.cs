using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Queues;
using ControlRoom.Domain.Rules;

namespace ControlRoom.Domain.Tests.Queues;

/// <summary>
/// A source catching up on a backlog of old events (arrival far behind <c>occurredAt</c>) pages nobody for waits it
/// cannot know are real: the queue says it is catching up, rules on its open contacts keep their state, and the first
/// live request has them judged at once. Requests go through the shard's own steps: the interaction book derives the
/// legs, the logged request measures its lag, the queue applies the batch as its journal does.
/// </summary>
public class CatchingUpTests
{
    private const string Queue = "billing";

    /// <summary>13:00 in Rome: the queue's day ends at 23:00 UTC.</summary>
    private static readonly DateTimeOffset T = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly InteractionBook book = new();
    private readonly QueueLiveState queue = new() { Settings = new QueueSettings() };
    private readonly List<Deviation> deviations = [];
    private long position;

    [Fact]
    public void BacklogTwoHoursBehind_WithAContactStillOpen_RaisesNoWaitAlert_AndSaysCatchingUp()
    {
        var snapshot = Receive(T,
            Offered("c1", T.AddHours(-2)),
            Offered("c2", T.AddHours(-2).AddSeconds(10)),
            Answered("c2", "a1", T.AddHours(-2).AddSeconds(30)));

        deviations.Should().BeEmpty("nobody can know c1 is still waiting: its answer may be further on in the backlog");
        snapshot.CatchingUp.Should().BeTrue();
        snapshot.SourceLagSeconds.Should().Be(2 * 3600 - 30, "the request's newest event is the answer, 1 h 59 min 30 s before it arrived");
        snapshot.Status.Should().Be(Severity.Ok);
        snapshot.Breaches.Should().BeEmpty();
        snapshot.Waiting.Should().Be(1, "the figures are still shown, only not judged");
    }

    [Fact]
    public void LiveRequestAfterTheBacklog_EndsCatchingUp_AndTheWaitIsJudgedAtOnce()
    {
        Receive(T, Offered("c1", T.AddHours(-2)), Offered("c2", T.AddHours(-2).AddSeconds(10)));

        var live = Receive(T.AddSeconds(1), Offered("c3", T.AddSeconds(1)));

        live.CatchingUp.Should().BeFalse();
        live.SourceLagSeconds.Should().Be(0);
        deviations.Should().ContainSingle().Which.Should().Match<Deviation>(d =>
            d.RuleId == "longest-wait" && d.Severity == Severity.Critical && d.Value >= 2 * 3600 && d.OccurredAt == T.AddSeconds(1));
        live.Status.Should().Be(Severity.Critical);
    }

    [Fact]
    public void WaitCriticalBeforeTheSourceFellBehind_StaysAsItWas_WhileCatchingUp_AndRecoversOnceLive()
    {
        Receive(T, Offered("c1", T.AddSeconds(-150)));
        deviations.Should().ContainSingle().Which.Severity.Should().Be(Severity.Critical, "150 s is past 120 s for 30 s, counted in event time");
        deviations.Clear();

        // The source was away for two hours and now sends what happened since, oldest first: c1 was answered ten
        // seconds after the alert, c2 came and went within a minute. Nobody waits, as far as the backlog has told so far.
        var behind = T.AddHours(2);
        var catchingUp = Receive(behind,
            Answered("c1", "a1", T.AddSeconds(10)), Offered("c2", T.AddSeconds(60)), Answered("c2", "a2", T.AddSeconds(70)));
        var later = queue.Evaluate(Queue, behind.AddMinutes(10), deviations);

        deviations.Should().BeEmpty("the rule keeps its state while the source catches up: the backlog may yet hold another wait");
        catchingUp.CatchingUp.Should().BeTrue();
        catchingUp.Waiting.Should().Be(0);
        later.CatchingUp.Should().BeTrue();
        later.Status.Should().Be(Severity.Critical, "the alert raised while live stands until the rule is judged again");
        later.Breaches.Should().ContainSingle().Which.Should().Match<Breach>(b => b.RuleId == "longest-wait" && b.Since == T.AddSeconds(-90));

        // Live again: the rule is judged at once and recovers.
        var live = Receive(behind.AddMinutes(11), Offered("c3", behind.AddMinutes(11)));

        live.CatchingUp.Should().BeFalse();
        deviations.Should().ContainSingle().Which.Should().Match<Deviation>(d =>
            d.RuleId == "longest-wait" && d.Severity == Severity.Ok && d.OccurredAt == behind.AddMinutes(11));
    }

    [Fact]
    public void NextChange_WhileCatchingUp_SetsNoInstantForTheOldestBacklogCrossing()
    {
        var snapshot = Receive(T, Offered("e1", T.AddHours(-2), Channel.Email));

        var whileCatchingUp = RuleClock.NextChange(queue, snapshot, T);
        var asIfLive = queue.Evaluate(Queue, T, deviations, catchUpLag: TimeSpan.FromHours(3));

        snapshot.CatchingUp.Should().BeTrue();
        whileCatchingUp.Should().Be(EventClock.Day(T, EventClock.Zone("Europe/Rome")).End, "only the day's end, which every rule's figures roll with");
        asIfLive.CatchingUp.Should().BeFalse("within a limit of three hours the same request is live");
        RuleClock.NextChange(queue, asIfLive, T).Should().Be(T.AddHours(2) + RuleClock.Rounding, "live, the e-mail's age crosses the 4 h warning line then");
        deviations.Should().BeEmpty();
    }

    [Fact]
    public void OldHistoryPlayedBesideALiveFeed_DoesNotMakeTheQueueCatchUp()
    {
        // The simulator plays last week's day beside its live traffic; a connector may re-send an old file. Older news
        // than the queue already has says nothing about how far behind its feed is.
        Receive(T, Offered("c1", T.AddSeconds(-5)));

        var afterHistory = Receive(T.AddSeconds(1), Offered("w1", T.AddDays(-7)), Answered("w1", "a1", T.AddDays(-7).AddSeconds(20)));

        afterHistory.CatchingUp.Should().BeFalse();
        afterHistory.SourceLagSeconds.Should().Be(5);
    }

    [Fact]
    public void SameRequestsAppliedInAnotherOrder_GiveTheSameLag_AsAReplayMust()
    {
        // Shards hand their entries over independently, and a rebuilt queue replays its journal: the order may differ.
        var batches = new[]
        {
            Batch(T, Offered("c1", T.AddHours(-3))),
            Batch(T.AddSeconds(1), Offered("c2", T.AddHours(-1))),
            Batch(T.AddSeconds(2), Offered("c3", T.AddHours(-2))),
        };
        var replayed = new QueueLiveState { Settings = new QueueSettings() };

        foreach (var batch in batches)
        {
            queue.Apply(batch);
        }

        foreach (var batch in batches.Reverse())
        {
            replayed.Apply(batch);
        }

        replayed.SourceLag.Should().Be(queue.SourceLag).And.Be(TimeSpan.FromHours(1).Add(TimeSpan.FromSeconds(1)), "the request with the newest events decides");
        replayed.IsCatchingUp(QueueLiveState.DefaultCatchUpLag).Should().BeTrue();
    }

    /// <summary>One request arriving at <paramref name="at"/>, as a shard hands it to the queue, then judged as the grain does.</summary>
    private QueueSnapshot Receive(DateTimeOffset at, params ContactEvent[] events)
    {
        queue.Apply(Batch(at, events));
        return queue.Evaluate(Queue, at, deviations);
    }

    private LegBatch Batch(DateTimeOffset at, params ContactEvent[] events)
    {
        var staged = book.Stage(events, at);
        book.Commit(staged);
        return new LegBatch(0, ++position, at, staged.Changes) { SourceLag = new LogBatch(at, events).SourceLag() };
    }

    private static ContactEvent Offered(string id, DateTimeOffset at, Channel channel = Channel.Voice) =>
        new($"{id}-offered", EventType.InteractionOffered, at) { InteractionId = id, QueueId = Queue, Channel = channel };

    private static ContactEvent Answered(string id, string agent, DateTimeOffset at) =>
        new($"{id}-answered", EventType.InteractionAnswered, at) { InteractionId = id, AgentId = agent };
}
