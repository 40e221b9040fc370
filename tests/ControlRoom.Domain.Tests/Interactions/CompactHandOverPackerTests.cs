using System.Globalization;
using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlRoom.Domain.Tests.Interactions;

public class CompactHandOverPackerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void LegBatch_EveryField_ComesBackExactly()
    {
        var rome = TimeSpan.FromHours(1);
        var full = new LegFact("i-è", 3, "coda-1", Channel.Chat, new DateTimeOffset(2026, 3, 2, 10, 0, 0, rome))
        {
            Outcome = LegOutcome.Answered,
            OutcomeAt = new DateTimeOffset(2026, 3, 2, 10, 0, 12, rome),
            AgentId = "agente-7",
            EndedAt = new DateTimeOffset(2026, 3, 2, 9, 5, 0, TimeSpan.Zero),
            WrapupEndedAt = new DateTimeOffset(2026, 3, 2, 6, 6, 0, TimeSpan.FromMinutes(-210)),
            FirstReplyAt = At.AddSeconds(30),
            ResolvedAt = At.AddDays(2),
            FirstContact = false,
            Csat = 0,
            Nps = -100,
            AnsweredAt = new DateTimeOffset(2026, 3, 2, 10, 0, 12, rome),
            TransferredAt = At.AddYears(-30),
            OfferMissing = true,
            RingNoAnswers = new RingMisses([new RingMiss("agente-3", At.AddSeconds(5)), new RingMiss("agente-7", new DateTimeOffset(2026, 3, 2, 10, 0, 9, rome))]),
        };
        var open = new LegFact("i-2", 0, "coda-2", Channel.Voice, At.AddMinutes(-1));
        var emptyMisses = open with { RingNoAnswers = new RingMisses([]), FirstContact = true, Outcome = LegOutcome.TransferredOut };
        var batch = new LegBatch(5, 1_234_567_890_123, new DateTimeOffset(2026, 3, 2, 10, 1, 0, rome),
            [new LegChange(null, full), new LegChange(full, null), new LegChange(open, emptyMisses), new LegChange(null, null)])
        {
            SourceLag = TimeSpan.FromMinutes(-3) + TimeSpan.FromTicks(7),
        };

        var read = CompactHandOverPacker.UnpackLegBatch(CompactHandOverPacker.Pack(batch));

        read.Shard.Should().Be(5);
        read.Position.Should().Be(1_234_567_890_123);
        Exact(read.At).Should().Be(Exact(batch.At));
        read.SourceLag.Should().Be(batch.SourceLag);
        ShouldBeExactly(read.Changes, batch.Changes);
    }

    [Fact]
    public void AgentBatch_LegsMissedLegsAndPresence_ComeBackExactly()
    {
        var leg = new LegFact("i-1", 0, "q-1", Channel.Voice, At) { Outcome = LegOutcome.Answered, OutcomeAt = At.AddSeconds(9), AgentId = "a-1" };
        var missed = new LegChange(leg with { Outcome = LegOutcome.Open, OutcomeAt = null, AgentId = null }, leg with
        {
            RingNoAnswers = new RingMisses([new RingMiss("a-2", At.AddSeconds(4))]),
        });
        var presence = new List<ContactEvent>
        {
            new("p-1", EventType.AgentStateChanged, At.AddSeconds(1)) { AgentId = "a-1", State = AgentState.Available, QueueIds = ["q-1", "q-2"] },
            new("p-2", EventType.AgentStateChanged, At.AddSeconds(2)) { AgentId = "a-1", State = AgentState.Away, Reason = "pausa" },
        };
        var batch = new AgentBatch(15, 42, At, [new LegChange(null, leg), missed], presence) { MissedLegs = [missed] };

        var read = CompactHandOverPacker.UnpackAgentBatch(CompactHandOverPacker.Pack(batch));

        (read.Shard, read.Position, Exact(read.At)).Should().Be((15, 42L, Exact(At)));
        ShouldBeExactly(read.Changes, batch.Changes);
        ShouldBeExactly(read.MissedLegs, batch.MissedLegs);
        read.Presence.Should().HaveCount(2);
        read.Presence.Zip(presence).Should().OnlyContain(p => p.First.SameContent(p.Second) && p.First.OccurredAt.Offset == p.Second.OccurredAt.Offset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LegBatch_DerivedFromAGeneratedStream_ComesBackAsTheGeneralSerializerGivesIt(int seed)
    {
        // Duplicated, shuffled events derive legs in every state a shard hands over: open, answered, abandoned, transferred.
        var stream = StreamGenerator.Mess(StreamGenerator.Generate(seed, interactions: 300), seed);
        var changes = new InteractionBook().Stage(stream, At.AddDays(1)).Changes;
        var batch = new LegBatch(seed, seed * 1000L, At, changes);

        var compact = CompactHandOverPacker.Pack(batch);
        var general = Serializer.Deserialize<LegBatch>(Serializer.SerializeToArray(batch))!;

        ShouldBeExactly(CompactHandOverPacker.UnpackLegBatch(compact).Changes, general.Changes);
        changes.Should().HaveCountGreaterThan(290);
        compact.Length.Should().BeLessThan(Serializer.SerializeToArray(batch).Length / 2, "texts repeat as back-references and instants are deltas");
    }

    [Fact]
    public void CallbackFacts_EveryField_ComeBackExactly()
    {
        List<CallbackFact> facts =
        [
            new(CallbackFactKind.Abandoned, "i-1", "coda-1", Channel.Voice, "cliente-è", At, At.AddSeconds(40)),
            new(CallbackFactKind.Answered, "i-2", "coda-1", Channel.Callback, null, At.AddHours(-2), new DateTimeOffset(2026, 3, 2, 10, 0, 1, TimeSpan.FromHours(1))),
            new(CallbackFactKind.Withdrawn, "i-1", "coda-2", Channel.Chat, "cliente-è", At.AddYears(-30), At),
        ];

        var read = CompactHandOverPacker.UnpackCallbackFacts(CompactHandOverPacker.Pack(facts));

        read.Should().Equal(facts);
        read.Select(f => Exact(f.OfferedAt) + " " + Exact(f.At)).Should().Equal(facts.Select(f => Exact(f.OfferedAt) + " " + Exact(f.At)), "offsets come back too");
        CompactHandOverPacker.Pack(facts).Length.Should().BeLessThan(Serializer.SerializeToArray(facts).Length / 2);
    }

    [Fact]
    public void Unpack_BytesOfAnotherKindFormatOrWithBytesLeftOver_IsRefused()
    {
        var batch = new LegBatch(0, 1, At, [new LegChange(null, new LegFact("i", 0, "q", Channel.Email, At))]);
        var packed = CompactHandOverPacker.Pack(batch);

        ((Action)(() => CompactHandOverPacker.UnpackAgentBatch(packed))).Should().Throw<ArgumentException>("a queue's batch is not an agent's");
        ((Action)(() => CompactHandOverPacker.UnpackCallbackFacts(packed))).Should().Throw<ArgumentException>();
        ((Action)(() => CompactHandOverPacker.UnpackLegBatch([.. packed, 0]))).Should().Throw<ArgumentException>();
        ((Action)(() => CompactHandOverPacker.UnpackLegBatch(Serializer.SerializeToArray(batch)))).Should().Throw<ArgumentException>();
        CompactHandOverPacker.IsCompact(Serializer.SerializeToArray(batch)).Should().BeFalse("entries journaled by earlier versions are read with the serializer");
    }

    private static void ShouldBeExactly(IReadOnlyList<LegChange> actual, IReadOnlyList<LegChange> expected)
    {
        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].Should().Be(expected[i], $"change {i} comes back field by field");
            Instants(actual[i].Old).Should().Equal(Instants(expected[i].Old), $"change {i}'s old leg keeps its instants and offsets");
            Instants(actual[i].New).Should().Equal(Instants(expected[i].New), $"change {i}'s new leg keeps its instants and offsets");
        }
    }

    private static IEnumerable<string> Instants(LegFact? leg) => leg is null ? [] :
        new[] { leg.OfferedAt, leg.OutcomeAt, leg.EndedAt, leg.WrapupEndedAt, leg.FirstReplyAt, leg.ResolvedAt, leg.AnsweredAt, leg.TransferredAt }
            .Select(at => at is { } value ? Exact(value) : "-")
            .Concat(leg.RingNoAnswers?.Items.Select(m => Exact(m.At)) ?? []);

    private static string Exact(DateTimeOffset at) => at.ToString("o", CultureInfo.InvariantCulture);
}
