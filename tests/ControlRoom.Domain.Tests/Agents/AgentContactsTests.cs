using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Agents;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Domain.Tests.Agents;

/// <summary>
/// An agent keeps only its part of each answered leg. Its figures must be those of the whole legs, and a state saved
/// before, holding whole legs, must read back with the same figures.
/// </summary>
public class AgentContactsTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void SavedStateWithWholeLegs_ReadsBack_WithTheSameFigures()
    {
        var legs = Legs();
        var current = new AgentLiveState();
        foreach (var leg in legs)
        {
            current.ApplyLeg(new LegChange(null, leg));
        }

        var saved = new LegacyAgentState
        {
            Contacts = legs.ToDictionary(l => l.Key, StringComparer.Ordinal),
            ServedQueues = new(current.ServedQueues),
        };
        var read = Serializer.Deserialize<AgentLiveState>(Serializer.SerializeToArray(saved))!;

        var now = Nine.AddMinutes(30);
        read.HasData.Should().BeTrue();
        read.Snapshot("a1", now).Should().BeEquivalentTo(current.Snapshot("a1", now));
        read.Contacts.Keys.Should().BeEquivalentTo(current.Contacts.Keys);
        read.NextPrune().Should().Be(current.NextPrune());

        var again = Serializer.Deserialize<AgentLiveState>(Serializer.SerializeToArray(read))!;
        again.Snapshot("a1", now).Should().BeEquivalentTo(current.Snapshot("a1", now), "a state folded and saved again reads the same");
    }

    [Fact]
    public void Snapshot_CountsHandledContacts_AndNamesTheCurrentOne_FromTheAgentsPartOfEachLeg()
    {
        var agent = new AgentLiveState();
        foreach (var leg in Legs())
        {
            agent.ApplyLeg(new LegChange(null, leg));
        }

        var snapshot = agent.Snapshot("a1", Nine.AddMinutes(30));

        snapshot.ContactsHandledToday.Should().Be(3);
        snapshot.AhtToday.Should().Be((240 + 360) / 2.0, "two legs ended: 3 min talk + 1 min wrap-up, and 6 min talk");
        snapshot.State.Should().Be(AgentState.Busy, "no presence events: inferred from the contact still talking");
        snapshot.CurrentInteractionId.Should().Be("c3");
        snapshot.CurrentQueueId.Should().Be("sales");
        agent.ContactQueues.Should().Equal("billing", "sales");
    }

    [Fact]
    public void ALegReplaced_OrRetracted_LeavesOnlyItsLatestPart()
    {
        var agent = new AgentLiveState();
        var open = Answered("c1", 0, "billing", Nine);
        agent.ApplyLeg(new LegChange(null, open));
        var ended = open with { EndedAt = Nine.AddMinutes(2), WrapupEndedAt = Nine.AddMinutes(3) };
        agent.ApplyLeg(new LegChange(open, ended));

        agent.Contacts.Should().ContainSingle().Which.Value.Finished.Should().BeTrue();
        agent.Snapshot("a1", Nine.AddMinutes(10)).AhtToday.Should().Be(180);

        agent.ApplyLeg(new LegChange(ended, null));
        agent.Contacts.Should().BeEmpty();
        agent.HasData.Should().BeFalse();
    }

    private static List<LegFact> Legs() =>
    [
        Answered("c1", 0, "billing", Nine) with { EndedAt = Nine.AddMinutes(3), WrapupEndedAt = Nine.AddMinutes(4) },
        Answered("c2", 1, "sales", Nine.AddMinutes(5)) with { EndedAt = Nine.AddMinutes(11), TransferredAt = Nine.AddMinutes(11) },
        Answered("c3", 0, "sales", Nine.AddMinutes(20)),
    ];

    private static LegFact Answered(string id, int index, string queue, DateTimeOffset at) =>
        new(id, index, queue, Channel.Voice, at.AddSeconds(-20))
        {
            Outcome = LegOutcome.Answered,
            OutcomeAt = at,
            AnsweredAt = at,
            AgentId = "a1",
        };
}

/// <summary>The agent's saved state as it was before it kept only its part of each leg: whole legs under field 1.</summary>
[GenerateSerializer]
public sealed class LegacyAgentState
{
    [Id(0)] public List<PresenceEntry> Timeline { get; set; } = [];

    [Id(1)] public Dictionary<string, LegFact> Contacts { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public Dictionary<string, long> ServedQueues { get; set; } = new(StringComparer.Ordinal);
}
