using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Queues;
using ControlRoom.Domain.Tests.Agents;
using static ControlRoom.Domain.Tests.Agents.PresenceDay;

namespace ControlRoom.Domain.Tests.Queues;

/// <summary>Agents by state per 15-minute interval, from the presence a queue receives (event time, not the node's memory).</summary>
public class AgentStateIntervalTests
{
    /// <summary>By hand, from <see cref="Example"/>: per interval, the minutes in each state / 15.</summary>
    [Fact]
    public void HandComputedHour_GivesTheAverageAgentsPerStateInEachInterval()
    {
        var queue = QueueFed(Events("a1", Example, "billing"));

        var intervals = queue.GetAgentIntervals(Nine, Now, Now);

        intervals.Should().Equal(
            new AgentStateInterval(Nine, Available: 0.67, Busy: 0.33, Wrapup: 0, Away: 0),
            new AgentStateInterval(Nine.AddMinutes(15), 0, 0.67, 0.33, 0),
            new AgentStateInterval(Nine.AddMinutes(30), 0.67, 0, 0, 0.33),
            new AgentStateInterval(Nine.AddMinutes(45), 0, 0.67, 0, 0.33));
    }

    [Fact]
    public void CurrentInterval_IsAveragedOverTheMinutesElapsed()
    {
        var queue = QueueFed(Events("a1", Example, "billing"));

        var current = queue.GetAgentIntervals(Now, Now.AddHours(1), Now.AddMinutes(5)).Should().ContainSingle().Subject;

        current.Should().Be(new AgentStateInterval(Now, 0, 1, 0, 0), "busy through the 5 minutes of 10:00–10:15 elapsed");
    }

    [Fact]
    public void TwoAgents_AddUp_AndOfflineTimeCountsNowhere()
    {
        var queue = QueueFed(Events("a1", [(0, AgentState.Available), (15, AgentState.Offline)], "billing"));
        Feed(queue, "a2", Events("a2", [(0, AgentState.Available), (5, AgentState.Busy), (15, AgentState.Offline)], "billing"));

        var first = queue.GetAgentIntervals(Nine, Now, Now)[0];

        first.Should().Be(new AgentStateInterval(Nine, Available: 1.33, Busy: 0.67, Wrapup: 0, Away: 0));
        queue.GetAgentIntervals(Nine, Now, Now).Should().ContainSingle("nobody is counted while offline");
    }

    [Fact]
    public void AgentLeavingTheQueue_CountsUpToTheMomentItLeft_ThenNoMore()
    {
        var queue = QueueFed(Events("a1", [(0, AgentState.Available)], "billing"));

        queue.SetAgent("a1", null, Nine.AddMinutes(20));

        queue.GetAgentIntervals(Nine, Now, Now).Should().Equal(
            new AgentStateInterval(Nine, 1, 0, 0, 0),
            new AgentStateInterval(Nine.AddMinutes(15), 0.33, 0, 0, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShuffledAndDuplicatedPresence_GivesTheIntervalsOfTheCleanStream(int seed)
    {
        var clean = PresenceDay.Random(seed, "a1", count: 150);
        var messy = Messy(clean, seed);

        var expected = QueueFed(clean).GetAgentIntervals(Now.AddDays(-1), Now, Now);
        var actual = QueueFed(messy).GetAgentIntervals(Now.AddDays(-1), Now, Now);

        expected.Should().NotBeEmpty();
        actual.Should().Equal(expected);
    }

    [Fact]
    public void TimelineBeyondItsBound_KeepsTheTimeOfTheStepsItDropped()
    {
        // One step a minute, far more than an agent keeps: the first hour must still be counted.
        var steps = Enumerable.Range(0, AgentLiveState.MaxTimeline + 100)
            .Select(m => (m, m % 2 == 0 ? AgentState.Available : AgentState.Busy)).ToArray();
        var end = Nine.AddMinutes(steps.Length);

        var queue = QueueFed(Events("a1", steps, "billing"), end);

        queue.GetAgentIntervals(Nine, Nine.AddMinutes(15), end).Should().Equal(new AgentStateInterval(Nine, 0.53, 0.47, 0, 0));
    }

    [Fact]
    public void AgentWithInferredState_CountsFromOnePresenceToTheNext()
    {
        var queue = new QueueLiveState();
        queue.SetAgent("a1", new Contracts.Agents.AgentPresence("a1", AgentState.Busy, Nine));
        queue.SetAgent("a1", new Contracts.Agents.AgentPresence("a1", AgentState.Wrapup, Nine.AddMinutes(6)));

        queue.GetAgentIntervals(Nine, Now, Nine.AddMinutes(9)).Should().Equal(new AgentStateInterval(Nine, 0, 0.67, 0.33, 0));
    }

    private static QueueLiveState QueueFed(IEnumerable<ContactEvent> events, DateTimeOffset? at = null)
    {
        var queue = new QueueLiveState();
        Feed(queue, "a1", events, at);
        return queue;
    }

    /// <summary>As the agent grain does: after each accepted event the queue is told the agent's presence.</summary>
    private static void Feed(QueueLiveState queue, string agentId, IEnumerable<ContactEvent> events, DateTimeOffset? at = null)
    {
        var agent = new AgentLiveState();
        foreach (var e in events)
        {
            if (agent.ApplyPresence(e) == PresenceOutcome.Added)
            {
                queue.SetAgent(agentId, agent.PresenceAt(agentId, at ?? Now).Presence, at ?? Now);
            }
        }
    }
}
