using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Agents;
using static ControlRoom.Domain.Tests.Agents.PresenceDay;

namespace ControlRoom.Domain.Tests.Agents;

/// <summary>
/// An agent's skills and queue assignments are derived once and kept until what they derive from changes: each
/// snapshot reads them, and every change of a presence, a queue served or the planner's assignment must show at once.
/// </summary>
public class AgentSkillsTests
{
    [Fact]
    public void SkillsAndAssignments_FollowEveryPresence_QueueServed_AndAssignment()
    {
        var agent = new AgentLiveState();
        agent.ApplyPresence(Presence("a1", "p1", Nine, AgentState.Available, "billing"));
        Snapshot(agent).Should().Be(("billing", "billing"));

        agent.ApplyPresence(Presence("a1", "p2", Nine.AddMinutes(1), AgentState.Available, "sales"));
        Snapshot(agent).Should().Be(("billing,sales", "sales"), "the latest presence's queues are served; every reported one is a skill");

        agent.ApplyLeg(new LegChange(null, Answered("c1", "loans", Nine.AddMinutes(2))));
        Snapshot(agent).Should().Be(("billing,loans,sales", "sales"), "a queue served is a skill");

        agent.Assignment = [new QueueAssignment("cards", 1), new QueueAssignment("sales", 2)];
        Snapshot(agent).Should().Be(("billing,cards,loans,sales", "cards,sales"), "the planner's assignment wins");

        agent.Assignment = null;
        Snapshot(agent).Should().Be(("billing,loans,sales", "sales"), "undoing the assignment returns to the source's queues");

        agent.ApplyPresence(Presence("a1", "p0", Nine.AddSeconds(-30), AgentState.Away, "mortgages"));
        Snapshot(agent).Should().Be(("billing,loans,mortgages,sales", "sales"), "a late event adds its skill, not its queues");
    }

    private static (string Skills, string Assignments) Snapshot(AgentLiveState agent)
    {
        var snapshot = agent.Snapshot("a1", Nine.AddMinutes(5));
        return (string.Join(',', snapshot.Skills), string.Join(',', snapshot.Assignments!.Select(a => a.QueueId)));
    }

    private static LegFact Answered(string id, string queue, DateTimeOffset at) =>
        new(id, 0, queue, Channel.Voice, at.AddSeconds(-20))
        {
            Outcome = LegOutcome.Answered,
            OutcomeAt = at,
            AnsweredAt = at,
            AgentId = "a1",
        };
}
