using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Interactions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Grains.Tests;

public class LogEntryFormatTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void LogEntry_ComesBackExactly_HeaderAndEvents()
    {
        var batch = Batch() with { Source = "twilio/roma-1", NewestOccurredAt = new DateTimeOffset(2026, 3, 2, 10, 4, 0, TimeSpan.FromHours(1)) };

        var read = LogEntryFormat.Read(LogEntryFormat.Write(batch), Serializer);

        ShouldBeExactly(read, batch);
    }

    [Fact]
    public void LogEntry_WithoutSourceOrNewest_ComesBackWithout()
    {
        var batch = Batch();

        var read = LogEntryFormat.Read(LogEntryFormat.Write(batch), Serializer);

        ShouldBeExactly(read, batch);
        read.Source.Should().BeNull();
        read.NewestOccurredAt.Should().BeNull();
    }

    [Fact]
    public void LogEntry_LoggedByEarlierVersions_IsStillRead()
    {
        var batch = Batch() with { Source = "cli" };
        var general = Serializer.SerializeToArray(batch);

        general[0].Should().NotBe(LogEntryFormat.Format, "the general serializer's bytes are told apart by their first byte");
        ShouldBeExactly(LogEntryFormat.Read(general, Serializer), batch);
    }

    [Fact]
    public void LogEntry_IsSmallerThanTheGeneralSerializers()
    {
        var batch = Batch();

        LogEntryFormat.Write(batch).Length.Should().BeLessThan(Serializer.SerializeToArray(batch).Length / 2);
    }

    /// <summary>A request's part: 100 contacts on three queues and ten agents, with an agent's presence among them.</summary>
    private static LogBatch Batch()
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        var events = new List<ContactEvent>
        {
            new("presence-1", EventType.AgentStateChanged, at) { AgentId = "agent-3", State = AgentState.Available, QueueIds = ["q-0", "q-1"] },
        };
        for (var i = 0; i < 100; i++)
        {
            var id = $"call-{i}";
            events.Add(new($"{id}-offered", EventType.InteractionOffered, at.AddSeconds(i)) { InteractionId = id, QueueId = $"q-{i % 3}", Channel = Channel.Voice });
            events.Add(new($"{id}-answered", EventType.InteractionAnswered, at.AddSeconds(i + 9)) { InteractionId = id, AgentId = $"agent-{i % 10}" });
        }

        return new LogBatch(new DateTimeOffset(2026, 3, 2, 10, 5, 0, TimeSpan.Zero), events);
    }

    private static void ShouldBeExactly(LogBatch actual, LogBatch expected)
    {
        actual.ReceivedAt.UtcTicks.Should().Be(expected.ReceivedAt.UtcTicks);
        actual.ReceivedAt.Offset.Should().Be(expected.ReceivedAt.Offset);
        actual.NewestOccurredAt?.UtcTicks.Should().Be(expected.NewestOccurredAt?.UtcTicks);
        actual.NewestOccurredAt?.Offset.Should().Be(expected.NewestOccurredAt!.Value.Offset);
        actual.Source.Should().Be(expected.Source);
        actual.Events.Should().HaveCount(expected.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
        {
            actual.Events[i].SameContent(expected.Events[i]).Should().BeTrue($"event {i} comes back field by field");
            actual.Events[i].OccurredAt.Offset.Should().Be(expected.Events[i].OccurredAt.Offset);
        }
    }
}
