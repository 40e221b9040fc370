using ControlRoom.Contracts.Events;
using ControlRoom.Domain.Agents;

namespace ControlRoom.Domain.Tests.Agents;

public class AgentTeamTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Team_IsTheOneOfTheLatestPresenceEventInEventTime_WhateverTheArrivalOrder()
    {
        ContactEvent[] events =
        [
            Presence("e1", Nine, "Team Rossi"),
            Presence("e2", Nine.AddMinutes(30), "Team Bianchi"),
            Presence("e3", Nine.AddMinutes(10), "Team Verdi"),
        ];
        var inOrder = new AgentLiveState();
        var shuffled = new AgentLiveState();

        foreach (var e in events.OrderBy(e => e.OccurredAt))
        {
            inOrder.ApplyPresence(e);
        }

        foreach (var e in events.Reverse())
        {
            shuffled.ApplyPresence(e);
        }

        inOrder.Snapshot("a1", Nine.AddHours(1)).Team.Should().Be("Team Bianchi");
        shuffled.Snapshot("a1", Nine.AddHours(1)).Team.Should().Be("Team Bianchi");
    }

    [Fact]
    public void Team_IsKept_ByLaterEventsWithoutTheAttribute_AndClearedByAnEmptyOne()
    {
        var agent = new AgentLiveState();
        agent.ApplyPresence(Presence("e1", Nine, "Team Rossi"));
        agent.ApplyPresence(Presence("e2", Nine.AddMinutes(5), team: null));

        agent.Snapshot("a1", Nine.AddMinutes(6)).Team.Should().Be("Team Rossi");

        agent.ApplyPresence(Presence("e3", Nine.AddMinutes(10), ""));

        agent.Snapshot("a1", Nine.AddMinutes(11)).Team.Should().BeNull();
    }

    [Fact]
    public void Team_SurvivesTheTimelineBound()
    {
        var agent = new AgentLiveState();
        agent.ApplyPresence(Presence("first", Nine, "Team Rossi"));
        for (var i = 1; i <= AgentLiveState.MaxTimeline + 10; i++)
        {
            agent.ApplyPresence(Presence($"e{i}", Nine.AddSeconds(i), team: null));
        }

        agent.Snapshot("a1", Nine.AddHours(1)).Team.Should().Be("Team Rossi");
    }

    private static ContactEvent Presence(string eventId, DateTimeOffset at, string? team) =>
        new(eventId, EventType.AgentStateChanged, at)
        {
            AgentId = "a1",
            State = AgentState.Available,
            Attributes = team is null ? null : new Dictionary<string, string> { [ContactEvent.TeamAttribute] = team },
        };
}
