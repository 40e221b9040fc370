using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Tests.Interactions;

/// <summary>
/// Contract v1.1 <c>interaction.ring_no_answer</c>: the contact rang at an agent and stays in its queue. Until the
/// RONA counts exist, the event must leave every leg and figure exactly as the same stream without it.
/// </summary>
public class RingNoAnswerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    [Fact]
    public void RingNoAnswerBetweenOfferAndAnswer_LeavesTheFiguresAsWithoutIt()
    {
        List<ContactEvent> clean =
        [
            Offered("c1", 0), Answered("c1", 40, "a2"), Ended("c1", 160),
            Offered("c2", 5), Abandoned("c2", 70),
            Offered("c3", 30),
        ];
        List<ContactEvent> withRona =
        [
            .. clean,
            Rona("c1", 15, "a1", 15), Rona("c1", 30, "a3", 12.5),
            Rona("c2", 20, "a1", 15),
            Rona("c3", 45, "a2", 15),
        ];

        var expected = Replay(clean);
        var actual = Replay(withRona);

        actual.Legs.Should().BeEquivalentTo(expected.Legs);
        actual.Intervals.Should().BeEquivalentTo(expected.Intervals, o => o.WithStrictOrdering());
        actual.Waiting.Should().Be(expected.Waiting).And.Be(1, "c3 rang out and is still waiting");
        expected.Intervals.Single().Figures.Should().Match<KpiFigures>(f => f.Offered == 3 && f.Answered == 1 && f.Abandoned == 1 && f.Asa == 40);
    }

    [Fact]
    public void RingNoAnswerArrivingFirst_StillGivesTheLegOfItsOffer()
    {
        var rona = Rona("c1", 15, "a1", 15);

        var legs = LegDerivation.Derive("c1", [rona, Answered("c1", 40, "a2"), Offered("c1", 0)]);

        legs.Should().BeEquivalentTo(LegDerivation.Derive("c1", [Offered("c1", 0), Answered("c1", 40, "a2")]));
    }

    [Fact]
    public void RingNoAnswerAlone_MakesNoLeg_EvenWhenItNamesAQueue()
    {
        // Only an offer, a transfer, an answer or an abandon places a contact in a queue; a RONA whose offer has not
        // arrived must not count an offer of its own.
        var legs = LegDerivation.Derive("c1", [Rona("c1", 15, "a1", 15) with { QueueId = "billing" }]);

        legs.Should().BeEmpty();
    }

    private static (List<LegFact> Legs, IReadOnlyList<IntervalFigures> Intervals, int Waiting) Replay(List<ContactEvent> events)
    {
        var book = new InteractionBook();
        var queue = new QueueLiveState { Settings = new QueueSettings() };
        var staged = book.Stage(events, Now);
        foreach (var change in staged.Changes)
        {
            queue.Apply(change, Now);
        }

        book.Commit(staged);
        var legs = book.Records.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Legs).ToList();
        return (legs, queue.GetIntervals(T0.AddHours(-1), T0.AddHours(1)), queue.Snapshot("billing", Now).Waiting);
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
