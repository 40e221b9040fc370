using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Agents;
using ControlRoom.Grains.Callbacks;
using ControlRoom.Grains.Queues;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Grains.Tests;

public class JournalFormatTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly LegFact Leg = new("i-1", 0, "q-1", Channel.Voice, At) { Outcome = LegOutcome.Answered, OutcomeAt = At.AddSeconds(8), AgentId = "a-1" };

    [Fact]
    public void QueueJournal_PacksLegsCompactly_AndReadsThemBack()
    {
        var entry = new QueueLegsEntry(new LegBatch(3, 17, At, [new LegChange(null, Leg)]));

        var bytes = QueueEntry.Format.Write(entry)!;
        var read = QueueEntry.Format.Read(bytes);

        bytes[0].Should().Be(CompactHandOverPacker.Format);
        read.Should().BeOfType<QueueLegsEntry>().Which.Batch.Changes.Should().Equal(entry.Batch.Changes);
        bytes.Length.Should().BeLessThan(Serializer.SerializeToArray<QueueEntry>(entry).Length / 2);
    }

    [Fact]
    public void QueueJournal_OtherEntriesAndThoseOfEarlierVersions_GoThroughTheGeneralSerializer()
    {
        QueueEntry[] entries =
        [
            new QueueLegsEntry(new LegBatch(3, 17, At, [new LegChange(null, Leg)])),
            new QueueMembersEntry([new QueueMemberEntry("a-1", null) { At = At }]),
            new QueueMemberEntry("a-2", null),
        ];

        QueueEntry.Format.Write(entries[1]).Should().BeNull("only legs have a format of their own");
        foreach (var entry in entries)
        {
            var general = Serializer.SerializeToArray(entry);
            general[0].Should().NotBe(CompactHandOverPacker.Format, "the general serializer's bytes are told apart by their first byte");
            QueueEntry.Format.Read(general).Should().BeNull("an entry journaled by the general serializer is read by it");
        }
    }

    [Fact]
    public void AgentJournal_PacksBatchesCompactly_AndLeavesAssignmentsToTheGeneralSerializer()
    {
        var presence = new ContactEvent("p-1", EventType.AgentStateChanged, At) { AgentId = "a-1", State = AgentState.Available };
        var entry = new AgentBatchEntry(new AgentBatch(2, 9, At, [new LegChange(null, Leg)], [presence]));
        var assignment = new AgentAssignmentEntry([new QueueAssignment("q-1", 1)]);

        var read = AgentEntry.Format.Read(AgentEntry.Format.Write(entry)!);

        read.Should().BeOfType<AgentBatchEntry>().Which.Batch.Changes.Should().Equal(entry.Batch.Changes);
        ((AgentBatchEntry)read!).Batch.Presence.Single().SameContent(presence).Should().BeTrue();
        AgentEntry.Format.Write(assignment).Should().BeNull();
        foreach (var general in new[] { Serializer.SerializeToArray<AgentEntry>(entry), Serializer.SerializeToArray<AgentEntry>(assignment) })
        {
            general[0].Should().NotBe(CompactHandOverPacker.Format);
            AgentEntry.Format.Read(general).Should().BeNull();
        }
    }

    [Fact]
    public void CallbackJournal_PacksFactsCompactly_AndLeavesActionsToTheGeneralSerializer()
    {
        var facts = new CallbackFactsEntry([new CallbackFact(CallbackFactKind.Abandoned, "i-1", "q-1", Channel.Voice, "c-1", At, At.AddSeconds(30))]);
        var action = new CallbackActionEntry("i-1", new CallbackCommand(CallbackCommandKind.Claim, "lead-1", null, null), At);

        var read = CallbackJournalEntry.Format.Read(CallbackJournalEntry.Format.Write(facts)!);

        read.Should().BeOfType<CallbackFactsEntry>().Which.Facts.Should().Equal(facts.Facts);
        CallbackJournalEntry.Format.Write(action).Should().BeNull();
        foreach (var general in new[] { Serializer.SerializeToArray<CallbackJournalEntry>(facts), Serializer.SerializeToArray<CallbackJournalEntry>(action) })
        {
            general[0].Should().NotBe(CompactHandOverPacker.Format);
            CallbackJournalEntry.Format.Read(general).Should().BeNull();
        }
    }
}
