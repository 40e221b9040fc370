using ControlRoom.Contracts.Events;
using ControlRoom.Domain.Interactions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Domain.Tests.Interactions;

public class CompactEventPackerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Pack_EveryField_ComesBackExactly()
    {
        List<ContactEvent> events =
        [
            new("unrelated-id", EventType.AgentStateChanged, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)))
            {
                AgentId = "agente-è", State = AgentState.Wrapup, Reason = "pausa pranzo", QueueIds = ["q1", "q2", "q1-bis"],
                Attributes = new Dictionary<string, string> { ["team"] = "Nord", ["sede"] = "Milano", ["vuoto"] = "" },
            },
            new("i1-survey", EventType.SurveyCompleted, At.AddYears(-30))
            {
                InteractionId = "i1", Csat = 5, Nps = -100, FirstContact = false, CustomerId = "c-42", Priority = int.MinValue,
            },
            new("i1", EventType.InteractionTransferred, new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.FromMinutes(-210)))
            {
                InteractionId = "i1", QueueId = "q1", ToQueueId = "q2", Channel = Channel.Callback, FirstContact = true, Priority = int.MaxValue,
            },
            new("i1-rona", EventType.InteractionRingNoAnswer, At) { InteractionId = "i1", AgentId = "agente-è", RingSeconds = 17.25, Csat = 0 },
            new("", EventType.InteractionEnded, DateTimeOffset.MinValue) { InteractionId = "", QueueIds = [] },
            new("last", EventType.InteractionEnded, DateTimeOffset.MaxValue) { Attributes = new Dictionary<string, string>() },
        ];

        var packed = CompactEventPacker.Instance.Pack(events);
        var unpacked = CompactEventPacker.Instance.Unpack(packed);

        ShouldBeExactly(unpacked, events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pack_GeneratedInteractions_ComeBackAsTheGeneralSerializerGivesThem(int seed)
    {
        var stream = StreamGenerator.Mess(StreamGenerator.Generate(seed, interactions: 400), seed);
        var interactions = stream.GroupBy(e => e.InteractionId).Select(g => g.ToList()).ToList();

        foreach (var events in interactions)
        {
            var compact = CompactEventPacker.Instance.Unpack(CompactEventPacker.Instance.Pack(events));
            var general = Serializer.Deserialize<List<ContactEvent>>(Serializer.SerializeToArray(events))!;

            ShouldBeExactly(compact, general);
        }

        interactions.Should().HaveCountGreaterThan(390);
    }

    [Fact]
    public void Pack_AnAnsweredCall_TakesUnderHalfTheGeneralSerializersBytes()
    {
        const string id = "day-0001234";
        List<ContactEvent> events =
        [
            new($"{id}-offered", EventType.InteractionOffered, At) { InteractionId = id, QueueId = "day-0123", Channel = Channel.Voice },
            new($"{id}-answered", EventType.InteractionAnswered, At.AddSeconds(12)) { InteractionId = id, AgentId = "day-agent-01234" },
            new($"{id}-ended", EventType.InteractionEnded, At.AddSeconds(300)) { InteractionId = id },
        ];

        var compact = CompactEventPacker.Instance.Pack(events);
        var general = Serializer.SerializeToArray(events);

        compact.Length.Should().BeLessThan(general.Length / 2, "the interaction id is written once and the instants as deltas");
        CompactEventPacker.IsCompact(compact).Should().BeTrue();
        CompactEventPacker.IsCompact(general).Should().BeFalse("bytes packed by earlier versions are read with the serializer");
    }

    [Fact]
    public void Unpack_BytesOfAnotherFormatOrWithBytesLeftOver_IsRefused()
    {
        List<ContactEvent> events = [new("e1", EventType.InteractionAbandoned, At) { InteractionId = "i" }];
        var packed = CompactEventPacker.Instance.Pack(events);

        var general = () => CompactEventPacker.Instance.Unpack(Serializer.SerializeToArray(events));
        var leftOver = () => CompactEventPacker.Instance.Unpack([.. packed, 0]);

        general.Should().Throw<ArgumentException>();
        leftOver.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Pack_AWholeStreamAtOnce_ComesBackAsTheGeneralSerializerGivesThem()
    {
        // A log entry packs a request's events together: thousands of texts, most of them seen before.
        var stream = StreamGenerator.Mess(StreamGenerator.Generate(7, interactions: 400), 7);

        var compact = CompactEventPacker.Instance.Unpack(CompactEventPacker.Instance.Pack(stream));
        var general = Serializer.Deserialize<List<ContactEvent>>(Serializer.SerializeToArray(stream))!;

        ShouldBeExactly(compact, general);
        stream.Should().HaveCountGreaterThan(1_000);
    }

    private static void ShouldBeExactly(IReadOnlyList<ContactEvent> actual, IReadOnlyList<ContactEvent> expected)
    {
        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].SameContent(expected[i]).Should().BeTrue($"event {i} ({expected[i].EventId}) comes back field by field");
            actual[i].OccurredAt.Offset.Should().Be(expected[i].OccurredAt.Offset);
            actual[i].OccurredAt.UtcTicks.Should().Be(expected[i].OccurredAt.UtcTicks);
            (actual[i].Attributes is null).Should().Be(expected[i].Attributes is null);
            (actual[i].QueueIds is null).Should().Be(expected[i].QueueIds is null);
            actual[i].Attributes?.Keys.Should().Equal(expected[i].Attributes!.Keys, "attributes keep their order");
        }
    }
}
