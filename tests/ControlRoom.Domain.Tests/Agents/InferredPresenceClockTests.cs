using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Agents;

namespace ControlRoom.Domain.Tests.Agents;

/// <summary>
/// The agent grain sleeps until the clock alone changes something: these instants must be exactly those at which the
/// inferred presence (from contacts, without presence events) and the pruning change.
/// </summary>
public class InferredPresenceClockTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextPresenceChange_IsTheAnswerOfAContactNotYetStarted_ThenTheHorizonOfTheOpenOne()
    {
        var agent = new AgentLiveState();
        agent.ApplyLeg(new LegChange(null, OpenLeg("c1", Nine)));
        var before = Nine.AddMinutes(-1);

        agent.NextPresenceChange(before).Should().Be(Nine);
        agent.PresenceAt("a1", before).Presence.Should().BeNull();
        agent.PresenceAt("a1", Nine).Presence!.State.Should().Be(AgentState.Busy);

        var horizonPassed = agent.NextPresenceChange(Nine)!.Value;
        horizonPassed.Should().Be(Nine + AgentLiveState.CurrentContactHorizon + TimeSpan.FromTicks(1));
        agent.PresenceAt("a1", horizonPassed - TimeSpan.FromTicks(1)).Presence.Should().NotBeNull();
        agent.PresenceAt("a1", horizonPassed).Presence.Should().BeNull("the instant computed is the one at which it changes");
        agent.NextPresenceChange(horizonPassed).Should().BeNull();
    }

    [Fact]
    public void NextPresenceChange_IsNone_ForAFinishedContact_OrWhenPresenceEventsDecide()
    {
        var finished = new AgentLiveState();
        finished.ApplyLeg(new LegChange(null, OpenLeg("c1", Nine) with { EndedAt = Nine.AddMinutes(3), WrapupEndedAt = Nine.AddMinutes(4) }));
        finished.NextPresenceChange(Nine.AddMinutes(5)).Should().BeNull();

        var reported = new AgentLiveState();
        reported.ApplyPresence(PresenceDay.Presence("a1", "p1", Nine, AgentState.Available, "billing"));
        reported.ApplyLeg(new LegChange(null, OpenLeg("c1", Nine.AddMinutes(10))));
        reported.NextPresenceChange(Nine).Should().BeNull("reported presence does not move with the clock");
    }

    [Fact]
    public void NextPrune_IsWhenTheOldestContactLeavesTheRetention()
    {
        var agent = new AgentLiveState();
        agent.NextPrune().Should().BeNull();
        agent.ApplyLeg(new LegChange(null, OpenLeg("c1", Nine) with { EndedAt = Nine.AddMinutes(3) }));
        agent.ApplyLeg(new LegChange(null, OpenLeg("c2", Nine.AddHours(1)) with { EndedAt = Nine.AddHours(1).AddMinutes(3) }));

        var due = agent.NextPrune()!.Value;
        agent.Prune(due - TimeSpan.FromTicks(1));
        agent.Contacts.Should().HaveCount(2);
        agent.Prune(due);
        agent.Contacts.Should().ContainSingle().Which.Key.InteractionId.Should().Be("c2");
    }

    [Fact]
    public void NextInstants_KeptAsContactsChange_AreThoseAFullScanFinds()
    {
        // The instants are kept as running minimums; after every step they must equal what a copy with nothing kept
        // (so it scans every contact) computes, whatever the order of answers, ends, replacements, misses and pruning.
        var random = new Random(7);
        var agent = new AgentLiveState();
        var now = Nine;
        var legs = new Dictionary<string, LegFact>();
        for (var step = 0; step < 3_000; step++)
        {
            now += TimeSpan.FromMinutes(random.Next(0, 20));
            var id = $"c{random.Next(0, 60)}";
            legs.TryGetValue(id, out var old);
            var answered = now + TimeSpan.FromMinutes(random.Next(-300, 30));
            LegFact? next = random.Next(0, 6) switch
            {
                0 => old is null ? null : old with { EndedAt = answered.AddMinutes(2), WrapupEndedAt = answered.AddMinutes(3) },
                1 => old is null ? null : old with { EndedAt = answered.AddMinutes(2), TransferredAt = answered.AddMinutes(2) },
                2 => OpenLeg(id, answered) with { RingNoAnswers = new RingMisses([new RingMiss("a1", answered.AddMinutes(-1))]) },
                _ => OpenLeg(id, answered),
            };
            var change = new LegChange(old, next);
            agent.ApplyLeg(change, now);
            agent.ApplyMissed(change);
            if (next is null)
            {
                legs.Remove(id);
            }
            else
            {
                legs[id] = next;
            }

            if (random.Next(0, 25) == 0)
            {
                agent.Prune(now);
                legs = legs.Where(l => agent.Contacts.ContainsKey(AgentContactKey.Of(l.Value))).ToDictionary();
            }

            var scanned = new AgentLiveState { Contacts = new(agent.Contacts), ContactQueues = [.. agent.ContactQueues], Missed = new(agent.Missed) };
            agent.NextPresenceChange(now).Should().Be(scanned.NextPresenceChange(now), "step {0}", step);
            agent.NextPrune().Should().Be(scanned.NextPrune(), "step {0}", step);
        }
    }

    private static LegFact OpenLeg(string id, DateTimeOffset answered) =>
        new(id, 0, "billing", Channel.Voice, answered.AddSeconds(-10))
        {
            Outcome = LegOutcome.Answered,
            OutcomeAt = answered,
            AnsweredAt = answered,
            AgentId = "a1",
        };
}
