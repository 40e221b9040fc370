using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Queues;
using static ControlRoom.Domain.Tests.Agents.PresenceDay;

namespace ControlRoom.Domain.Tests.Agents;

/// <summary>
/// By hand (<see cref="Example"/>): available 20 min, busy and wrap-up 30 min (occupied), away 10 min (not counted).
/// Today: 30 / 50 = 60 %. Last 30 minutes (09:30–10:00): busy 10 / (busy 10 + available 10) = 50 %.
/// </summary>
public class OccupancyTests
{
    [Fact]
    public void HandComputedDay_GivesOccupancyTodayAndOverTheLast30Minutes()
    {
        var agent = new AgentLiveState();
        foreach (var e in Events("a1", Example, "billing"))
        {
            agent.ApplyPresence(e);
        }

        var snapshot = agent.Snapshot("a1", Now);

        snapshot.OccupancyToday.Should().Be(60);
        snapshot.OccupancyRolling30m.Should().Be(50);
        snapshot.State.Should().Be(AgentState.Busy);
        snapshot.SecondsInState.Should().Be(600);
    }

    [Fact]
    public void CurrentState_ExtendsToNow()
    {
        var agent = new AgentLiveState();
        agent.ApplyPresence(Presence("a1", "e1", Nine, AgentState.Available));
        agent.ApplyPresence(Presence("a1", "e2", Nine.AddMinutes(30), AgentState.Busy));

        agent.Snapshot("a1", Nine.AddMinutes(40)).OccupancyToday.Should().Be(25, "10 busy of 40 minutes");
        agent.Snapshot("a1", Nine.AddMinutes(90)).OccupancyToday.Should().Be(66.67, "60 busy of 90 minutes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShuffledAndDuplicatedAgentEvents_GiveTheOccupancyOfTheCleanStream(int seed)
    {
        var clean = Random(seed, "a1", count: 120);
        var messy = Messy(clean, seed);

        var expected = Replay(clean);
        var actual = Replay(messy);

        actual.Agent.Should().BeEquivalentTo(expected.Agent);
        actual.Queue.Should().BeEquivalentTo(expected.Queue);
        expected.Agent.OccupancyToday.Should().NotBeNull();
        expected.Queue.Today.Occupancy.Should().Be(expected.Agent.OccupancyToday);
    }

    [Fact]
    public void MultiskillAgent_CountsItsTimeInEachQueue()
    {
        var one = new AgentLiveState();
        var two = new AgentLiveState();
        foreach (var e in Events("a1", Example, "billing", "sales"))
        {
            one.ApplyPresence(e);
        }

        two.ApplyPresence(Presence("a2", "x1", Nine, AgentState.Available, "sales"));
        var billing = new QueueLiveState();
        var sales = new QueueLiveState();
        billing.SetAgent("a1", one.PresenceAt("a1", Now).Presence);
        sales.SetAgent("a1", one.PresenceAt("a1", Now).Presence);
        sales.SetAgent("a2", two.PresenceAt("a2", Now).Presence);

        billing.Snapshot("billing", Now).Today.Occupancy.Should().Be(60);
        sales.Snapshot("sales", Now).Today.Occupancy.Should().Be(27.27, "30 occupied of 30 + 20 + 60 available minutes");
        sales.Snapshot("sales", Now).Rolling30m.Occupancy.Should().Be(20, "10 busy of 10 + 10 + 30 available minutes");
    }

    [Fact]
    public void QueueOccupancy_IsNullWhenNoAgentWasBusyOrAvailable()
    {
        var agent = new AgentLiveState();
        agent.ApplyPresence(Presence("a1", "e1", Nine, AgentState.Away, "billing"));
        var queue = new QueueLiveState();
        queue.SetAgent("a1", agent.PresenceAt("a1", Now).Presence);

        var snapshot = queue.Snapshot("billing", Now);

        snapshot.Today.Occupancy.Should().BeNull();
        snapshot.Rolling30m.Occupancy.Should().BeNull();
        snapshot.Agents.Away.Should().Be(1);
    }

    [Fact]
    public void AgentWithoutPresenceEvents_HasNoOccupancy_ButCountsContactsAndAht()
    {
        var agent = new AgentLiveState();
        agent.ApplyLeg(new LegChange(null, Leg("c1", Nine, talkSeconds: 300, wrapSeconds: 60)));
        agent.ApplyLeg(new LegChange(null, Leg("c2", Nine.AddMinutes(10), talkSeconds: 120, wrapSeconds: 0)));

        var snapshot = agent.Snapshot("a1", Now);

        snapshot.OccupancyToday.Should().BeNull("without presence there is no available time to divide by");
        snapshot.ContactsHandledToday.Should().Be(2);
        snapshot.AhtToday.Should().Be(240, "(360 + 120) / 2");
        snapshot.StateInferred.Should().BeTrue();
    }

    [Fact]
    public void ReplayedContact_FarFromNow_DoesNotAskToRetellQueues_ButANewQueueOrANearContactDoes()
    {
        var agent = new AgentLiveState();
        agent.ApplyLeg(new LegChange(null, Leg("c0", Now.AddDays(-30), talkSeconds: 60, wrapSeconds: 0)), Now);

        var farSameQueue = agent.ApplyLeg(new LegChange(null, Leg("c1", Now.AddDays(-29), talkSeconds: 60, wrapSeconds: 0)), Now);
        var farNewQueue = agent.ApplyLeg(new LegChange(null, Leg("c2", Now.AddDays(-29), talkSeconds: 60, wrapSeconds: 0) with { QueueId = "sales" }), Now);
        var near = agent.ApplyLeg(new LegChange(null, Leg("c3", Now.AddMinutes(-1), talkSeconds: 600, wrapSeconds: 0)), Now);

        farSameQueue.Should().BeFalse();
        farNewQueue.Should().BeTrue("the queues served changed");
        near.Should().BeTrue("the agent may be on this contact now");
        agent.Queues().Should().Equal("billing", "sales");
    }

    private static (Contracts.Agents.AgentSnapshot Agent, Contracts.Queues.QueueSnapshot Queue) Replay(IEnumerable<ContactEvent> events)
    {
        var agent = new AgentLiveState();
        var queue = new QueueLiveState();
        foreach (var e in events)
        {
            // The queue hears of every change, as the agent grain tells it after each batch.
            if (agent.ApplyPresence(e) == PresenceOutcome.Added)
            {
                queue.SetAgent("a1", agent.PresenceAt("a1", Now).Presence);
            }
        }

        return (agent.Snapshot("a1", Now), queue.Snapshot("billing", Now));
    }

    private static LegFact Leg(string id, DateTimeOffset answered, int talkSeconds, int wrapSeconds) =>
        new(id, 0, "billing", Channel.Voice, answered.AddSeconds(-10))
        {
            Outcome = LegOutcome.Answered,
            OutcomeAt = answered,
            AnsweredAt = answered,
            AgentId = "a1",
            EndedAt = answered.AddSeconds(talkSeconds),
            WrapupEndedAt = answered.AddSeconds(talkSeconds + wrapSeconds),
        };
}
