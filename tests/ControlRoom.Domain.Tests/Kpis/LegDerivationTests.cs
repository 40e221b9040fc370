using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Tests.Kpis;

public class LegDerivationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnsweredBeforeOffered_GivesTheSameLegAsInOrder()
    {
        var offered = Offered("e1", 0, "billing");
        var answered = Answered("e2", 30, "a1");

        var inOrder = LegDerivation.Derive("i1", [offered, answered]);
        var reversed = LegDerivation.Derive("i1", [answered, offered]);

        reversed.Should().BeEquivalentTo(inOrder);
        inOrder.Should().ContainSingle().Which.Should().Match<LegFact>(l =>
            l.Outcome == LegOutcome.Answered && l.AnsweredAt == T0.AddSeconds(30) && l.AgentId == "a1");
    }

    [Fact]
    public void Transfer_EndsOneLegAndStartsTheNextAtTheSameMoment()
    {
        var legs = LegDerivation.Derive("i1",
        [
            Answered("e3", 50, "a2"),
            Offered("e1", 0, "billing"),
            new ContactEvent("e2", EventType.InteractionTransferred, T0.AddSeconds(40))
            { InteractionId = "i1", QueueId = "billing", ToQueueId = "sales" },
        ]);

        legs.Should().HaveCount(2);
        legs[0].Should().Match<LegFact>(l => l.QueueId == "billing" && l.Outcome == LegOutcome.TransferredOut
            && l.OutcomeAt == T0.AddSeconds(40));
        legs[1].Should().Match<LegFact>(l => l.QueueId == "sales" && l.OfferedAt == T0.AddSeconds(40)
            && l.Outcome == LegOutcome.Answered && l.AnsweredAt == T0.AddSeconds(50));
    }

    [Fact]
    public void AnswerStampedBeforeOffer_NeverYieldsANegativeWait()
    {
        var legs = LegDerivation.Derive("i1", [Offered("e1", 10, "billing"), Answered("e2", 7, "a1")]);

        legs.Single().OutcomeAt.Should().Be(T0.AddSeconds(10), "the wait ends no earlier than the offer");
    }

    [Fact]
    public void AnswerStampedBeforeOffer_HandleTimeRunsFromTheAnswersOwnStamp()
    {
        // Real ACD data (anonymous bank): service often starts a second before the queue exit. The wait is
        // floored at zero, but the talk time (ended − answered, both on the agent system's clock) stays whole.
        var legs = LegDerivation.Derive("i1",
        [
            Offered("e1", 10, "billing"),
            Answered("e2", 9, "a1"),
            new ContactEvent("e3", EventType.InteractionEnded, T0.AddSeconds(129)) { InteractionId = "i1" },
        ]);
        var figures = new KpiAccumulator();
        figures.Apply(legs.Single(), new QueueSettings(), +1);

        figures.ToFigures().Should().Match<KpiFigures>(f => f.Asa == 0 && f.Aht == 120);
    }

    [Fact]
    public void EventsWithoutAnOfferOrAQueue_MakeNoLegUntilTheOfferArrives()
    {
        var survey = new ContactEvent("e3", EventType.SurveyCompleted, T0.AddSeconds(90)) { InteractionId = "i1", QueueId = "billing", Csat = 5 };

        LegDerivation.Derive("i1", [Answered("e2", 7, "a1"), survey]).Should().BeEmpty();
    }

    [Fact]
    public void AnswerNamingItsQueue_WithoutAnOffer_CountsFromTheAnswer_WithNoWait()
    {
        var answered = Answered("e2", 7, "a1") with { QueueId = "billing" };
        var ended = new ContactEvent("e3", EventType.InteractionEnded, T0.AddSeconds(187)) { InteractionId = "i1" };
        var settings = new QueueSettings();
        var figures = new KpiAccumulator();

        var legs = LegDerivation.Derive("i1", [ended, answered]);
        foreach (var leg in legs)
        {
            figures.Apply(leg, settings, +1);
        }

        legs.Should().ContainSingle().Which.Should().Match<LegFact>(l => l.OfferMissing && l.QueueId == "billing"
            && l.OfferedAt == T0.AddSeconds(7) && l.Outcome == LegOutcome.Answered && l.AgentId == "a1");
        figures.ToFigures().Should().Match<KpiFigures>(f => f.Offered == 1 && f.Answered == 1 && f.OfferMissing == 1
            && f.Asa == 0 && f.Aht == 180);
    }

    [Fact]
    public void TheOfferArrivingLate_ReplacesTheProvisionalLeg_AsIfItHadComeFirst()
    {
        var answered = Answered("e2", 47, "a1") with { QueueId = "billing" };
        var offered = Offered("e1", 0, "billing");
        var settings = new QueueSettings();
        var live = new KpiAccumulator();
        var clean = new KpiAccumulator();

        var provisional = LegDerivation.Derive("i1", [answered]).Single();
        live.Apply(provisional, settings, +1);
        var final = LegDerivation.Derive("i1", [answered, offered]).Single();
        live.Apply(provisional, settings, -1);
        live.Apply(final, settings, +1);
        clean.Apply(LegDerivation.Derive("i1", [offered, answered]).Single(), settings, +1);

        final.OfferMissing.Should().BeFalse();
        live.ToFigures().Should().BeEquivalentTo(clean.ToFigures());
        live.ToFigures().Should().Match<KpiFigures>(f => f.OfferMissing == 0 && f.Asa == 47 && f.AnsweredWithinThreshold == 0);
    }

    private static ContactEvent Offered(string id, int second, string queue) =>
        new(id, EventType.InteractionOffered, T0.AddSeconds(second)) { InteractionId = "i1", QueueId = queue, Channel = Channel.Voice };

    private static ContactEvent Answered(string id, int second, string agent) =>
        new(id, EventType.InteractionAnswered, T0.AddSeconds(second)) { InteractionId = "i1", AgentId = agent };
}
