using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Tests.Interactions;

/// <summary>
/// Contract v1.1 <c>interaction.ring_no_answer</c>: the contact rang at an agent and stays in its queue. The event
/// changes no outcome, wait or figure of the stream without it; it only adds ring-no-answer counts, per queue (at the
/// time the contact rang out) and per agent, exactly once however often it arrives.
/// </summary>
public class RingNoAnswerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static readonly List<ContactEvent> Clean =
    [
        Offered("c1", 0), Answered("c1", 40, "a2"), Ended("c1", 160),
        Offered("c2", 5), Abandoned("c2", 70),
        Offered("c3", 30),
    ];

    private static readonly List<ContactEvent> WithRona =
    [
        .. Clean,
        Rona("c1", 15, "a1", 15), Rona("c1", 30, "a3", 12.5),
        Rona("c2", 20, "a1", 15),
        Rona("c3", 45, "a2", 15),
    ];

    [Fact]
    public void RingNoAnswer_CountsOncePerEvent_AndLeavesEveryOtherFigureAsWithoutIt()
    {
        var expected = Replay(Clean);
        var actual = Replay(WithRona);

        actual.Legs.Select(l => l with { RingNoAnswers = null }).Should().BeEquivalentTo(expected.Legs);
        actual.Intervals.Select(i => i.Figures with { RingNoAnswer = 0 }).Should().BeEquivalentTo(expected.Intervals.Select(i => i.Figures), o => o.WithStrictOrdering());
        actual.Waiting.Should().Be(expected.Waiting).And.Be(1, "c3 rang out and is still waiting");
        actual.Intervals.Single().Figures.RingNoAnswer.Should().Be(4);
        expected.Intervals.Single().Figures.Should().Match<KpiFigures>(f => f.Offered == 3 && f.Answered == 1 && f.Abandoned == 1 && f.Asa == 40 && f.RingNoAnswer == 0);
        actual.Legs.Single(l => l.InteractionId == "c1").RingNoAnswers!.Items.Should().Equal(
            new RingMiss("a1", T0.AddSeconds(15)), new RingMiss("a3", T0.AddSeconds(30)));
    }

    [Fact]
    public void DuplicatedShuffledAndReplayedEvents_GiveTheSameCounts()
    {
        var shuffled = WithRona.Concat(WithRona).OrderBy(e => e.EventId.GetHashCode(StringComparison.Ordinal)).ToList();

        var clean = Replay(WithRona);
        var messy = Replay([.. shuffled.Take(5)], [.. shuffled.Skip(5)], WithRona);

        messy.Intervals.Should().BeEquivalentTo(clean.Intervals, o => o.WithStrictOrdering());
        messy.Snapshot.Today.RingNoAnswer.Should().Be(4);
        messy.Snapshot.Rolling30m.RingNoAnswer.Should().Be(0, "they rang out an hour ago");
    }

    [Fact]
    public void RollingWindow_CountsByTheTimeItRangOut_NotByTheOffer()
    {
        // Offered at 09:00, rang out at 09:40: inside the rolling 30 minutes at 10:00 although its offer is not.
        var late = Replay([Offered("c9", 0), Rona("c9", 40 * 60, "a1", 20)]);

        late.Snapshot.Rolling30m.RingNoAnswer.Should().Be(1);
        late.Snapshot.Rolling30m.Offered.Should().Be(0);
        late.Snapshot.Today.RingNoAnswer.Should().Be(1);
    }

    [Fact]
    public void Rule_OnRingNoAnswer_Fires()
    {
        var queue = Fed([Offered("c9", 0), Rona("c9", 40 * 60, "a1", 20), Rona("c9", 41 * 60, "a2", 20)]);
        queue.Settings = new QueueSettings { Rules = [new SlaRule("rona", "ringNoAnswer", Comparison.Above, 1, 5)] };
        var deviations = new List<Deviation>();

        var snapshot = queue.Evaluate("billing", Now, deviations);

        deviations.Should().ContainSingle().Which.Should().Match<Deviation>(d => d.RuleId == "rona" && d.Severity == Severity.Warning && d.Value == 2);
        snapshot.Status.Should().Be(Severity.Warning);
    }

    [Fact]
    public void Agents_CountTheirOwnRingNoAnswers_OnceEvenWhenTheLegIsSentAgain()
    {
        var book = new InteractionBook();
        var staged = book.Stage(WithRona, Now);
        var a1 = new AgentLiveState();
        var a3 = new AgentLiveState();
        foreach (var change in staged.Changes.Where(c => c.New?.RingNoAnswers is not null))
        {
            a1.ApplyMissed(change);
            a1.ApplyMissed(new LegChange(change.New, change.New)); // the same leg again: a replay
            a3.ApplyMissed(change);
        }

        a1.Snapshot("a1", Now).Should().Match<ControlRoom.Contracts.Agents.AgentSnapshot>(s => s.RingNoAnswerToday == 2 && s.RingNoAnswerRolling30m == 0);
        a3.Snapshot("a3", T0.AddMinutes(10)).Should().Match<ControlRoom.Contracts.Agents.AgentSnapshot>(s => s.RingNoAnswerToday == 1 && s.RingNoAnswerRolling30m == 1);
    }

    [Fact]
    public void RingNoAnswerArrivingFirst_StillGivesTheLegOfItsOffer()
    {
        var rona = Rona("c1", 15, "a1", 15);

        var legs = LegDerivation.Derive("c1", [rona, Answered("c1", 40, "a2"), Offered("c1", 0)]);

        legs.Should().BeEquivalentTo(LegDerivation.Derive("c1", [Offered("c1", 0), rona, Answered("c1", 40, "a2")]));
        legs.Single().RingNoAnswers!.Items.Should().ContainSingle();
    }

    [Fact]
    public void RingNoAnswerAlone_MakesNoLeg_EvenWhenItNamesAQueue()
    {
        // Only an offer, a transfer, an answer or an abandon places a contact in a queue; a RONA whose offer has not
        // arrived must not count an offer of its own.
        var legs = LegDerivation.Derive("c1", [Rona("c1", 15, "a1", 15) with { QueueId = "billing" }]);

        legs.Should().BeEmpty();
    }

    private static (List<LegFact> Legs, IReadOnlyList<IntervalFigures> Intervals, int Waiting, QueueSnapshot Snapshot) Replay(params List<ContactEvent>[] requests)
    {
        var book = new InteractionBook();
        var queue = new QueueLiveState { Settings = new QueueSettings() };
        foreach (var events in requests)
        {
            var staged = book.Stage(events, Now);
            foreach (var change in staged.Changes)
            {
                queue.Apply(change, Now);
            }

            book.Commit(staged);
        }

        var legs = book.Records.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Legs).ToList();
        var snapshot = queue.Snapshot("billing", Now);
        return (legs, queue.GetIntervals(T0.AddHours(-1), T0.AddHours(1)), snapshot.Waiting, snapshot);
    }

    private static QueueLiveState Fed(List<ContactEvent> events)
    {
        var book = new InteractionBook();
        var queue = new QueueLiveState { Settings = new QueueSettings() };
        foreach (var change in book.Stage(events, Now).Changes)
        {
            queue.Apply(change, Now);
        }

        return queue;
    }

    private static ContactEvent Offered(string id, int second) =>
        new($"{id}-offered", EventType.InteractionOffered, T0.AddSeconds(second)) { InteractionId = id, QueueId = "billing", Channel = Channel.Voice };

    private static ContactEvent Answered(string id, int second, string agent) =>
        new($"{id}-answered", EventType.InteractionAnswered, T0.AddSeconds(second)) { InteractionId = id, AgentId = agent };

    private static ContactEvent Abandoned(string id, int second) =>
        new($"{id}-abandoned", EventType.InteractionAbandoned, T0.AddSeconds(second)) { InteractionId = id };

    private static ContactEvent Ended(string id, int second) =>
        new($"{id}-ended", EventType.InteractionEnded, T0.AddSeconds(second)) { InteractionId = id };

    private static ContactEvent Rona(string id, int second, string agent, double ringSeconds) =>
        new($"{id}-rona-{agent}", EventType.InteractionRingNoAnswer, T0.AddSeconds(second)) { InteractionId = id, AgentId = agent, RingSeconds = ringSeconds };
}
