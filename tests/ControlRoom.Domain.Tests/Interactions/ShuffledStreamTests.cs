using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Tests.Interactions;

/// <summary>
/// Property-style: seeded random streams of interactions (answers, abandons, transfers, wrap-up, replies,
/// resolutions, surveys) give identical figures when 10 % of events are duplicated and 10 % shuffled within
/// five minutes, applied batch by batch through the interaction book as the shard grains do.
/// </summary>
public class ShuffledStreamTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddHours(6);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void DuplicatedAndShuffledStream_GivesTheFiguresOfTheCleanStream(int seed)
    {
        var clean = StreamGenerator.Generate(seed, interactions: 800);
        var messy = StreamGenerator.Mess(clean, seed);

        var expected = Replay(clean, batch: 50);
        var actual = Replay(messy, batch: 37);

        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        expected.Sum(q => q.Intervals.Sum(i => i.Figures.Offered)).Should().BeGreaterThan(800, "transfers add legs");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PackingEveryInteraction_BetweenBatches_ChangesNoFigure(int seed)
    {
        var clean = StreamGenerator.Generate(seed, interactions: 800);
        var messy = StreamGenerator.Mess(clean, seed);
        var packer = new CountingPacker();

        var expected = Replay(clean, batch: 50);
        var actual = Replay(messy, batch: 37, packer);

        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        packer.Unpacked.Should().BeGreaterThan(100, "late and duplicated events met packed interactions");
    }

    /// <param name="atCommit">Packed by each batch's commit, as the shard grains do, or between batches.</param>
    [Theory]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(3, true)]
    [InlineData(6, true)]
    public void PackingFinishedInteractions_AsSoonAsTheyFinish_ChangesNoFigure(int seed, bool atCommit)
    {
        var clean = StreamGenerator.Generate(seed, interactions: 800);
        var messy = StreamGenerator.Mess(clean, seed);
        var packer = new CountingPacker();

        var expected = Replay(clean, batch: 50);
        var actual = Replay(messy, batch: 37, packer, quiet: false, onCommit: atCommit);

        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        packer.Packed.Should().BeGreaterThan(400, "most interactions finished within the stream");
        packer.Unpacked.Should().BeGreaterThan(50, "wrap-ups, surveys and duplicates arrived after an interaction had finished");
    }

    [Fact]
    public void Commit_WithAPacker_PacksTheInteractionsTheBatchFinished_AndLeavesThoseInProgress()
    {
        var book = new InteractionBook();

        book.Commit(book.Stage(MixedInteractions, Now), new CountingPacker());

        book.Records.Where(r => r.Value.Packed is not null).Select(r => r.Key).Should().BeEquivalentTo("ended", "abandoned");
        book.Records["talking"].Events.Should().HaveCount(2, "an interaction in progress stays as objects until it is quiet");
    }

    [Fact]
    public void Pack_TakesFinishedInteractionsAtOnce_AndLeavesThoseInProgress()
    {
        var book = new InteractionBook();
        var packer = new CountingPacker();
        book.Commit(book.Stage(MixedInteractions, Now));

        var packed = book.Pack(Now, packer);

        packed.Should().Be(2);
        book.Records.Where(r => r.Value.Packed is not null).Select(r => r.Key).Should().BeEquivalentTo("ended", "abandoned");
        book.Pack(Now + InteractionBook.QuietBeforePacking + TimeSpan.FromTicks(1), packer).Should().Be(2, "the others once quiet");
    }

    /// <summary>Two interactions finished (ended, abandoned) and two in progress (talking, waiting).</summary>
    private static ContactEvent[] MixedInteractions =>
        [
            new("e1", EventType.InteractionOffered, Start) { InteractionId = "ended", QueueId = "q", Channel = Channel.Voice },
            new("e2", EventType.InteractionAnswered, Start.AddSeconds(5)) { InteractionId = "ended", AgentId = "a1" },
            new("e3", EventType.InteractionEnded, Start.AddSeconds(60)) { InteractionId = "ended", AgentId = "a1" },
            new("e4", EventType.InteractionOffered, Start) { InteractionId = "abandoned", QueueId = "q", Channel = Channel.Voice },
            new("e5", EventType.InteractionAbandoned, Start.AddSeconds(30)) { InteractionId = "abandoned" },
            new("e6", EventType.InteractionOffered, Start) { InteractionId = "talking", QueueId = "q", Channel = Channel.Voice },
            new("e7", EventType.InteractionAnswered, Start.AddSeconds(5)) { InteractionId = "talking", AgentId = "a2" },
            new("e8", EventType.InteractionOffered, Start) { InteractionId = "waiting", QueueId = "q", Channel = Channel.Voice },
        ];

    [Fact]
    public void SameEventsInAnyBatching_GiveTheSameWaitingAndBacklog()
    {
        var clean = StreamGenerator.Generate(9, interactions: 300, openTail: true);

        var expected = Replay(clean, batch: 1);
        var actual = Replay(StreamGenerator.Mess(clean, 9), batch: 500);

        actual.Select(q => (q.Queue, q.Waiting, q.Backlog)).Should().Equal(expected.Select(q => (q.Queue, q.Waiting, q.Backlog)));
        expected.Sum(q => q.Waiting).Should().BeGreaterThan(0);
    }

    /// <param name="packer">When given, interactions are packed after every batch.</param>
    /// <param name="quiet">Every interaction packed (as if all were quiet), or only the finished ones.</param>
    /// <param name="onCommit">Instead: each batch's commit packs what it finished, as the shard grains do.</param>
    private static List<QueueResult> Replay(IReadOnlyList<ContactEvent> stream, int batch, IEventPacker? packer = null, bool quiet = true, bool onCommit = false)
    {
        var book = new InteractionBook();
        var queues = new SortedDictionary<string, QueueLiveState>(StringComparer.Ordinal);
        for (var i = 0; i < stream.Count; i += batch)
        {
            if (packer is not null && !onCommit)
            {
                book.Pack(quiet ? Now + InteractionBook.QuietBeforePacking + TimeSpan.FromTicks(1) : Now, packer);
            }

            var staged = book.Stage([.. stream.Skip(i).Take(batch)], Now, packer);
            foreach (var change in staged.Changes)
            {
                var queueId = (change.New ?? change.Old)!.QueueId;
                if (!queues.TryGetValue(queueId, out var queue))
                {
                    queue = new QueueLiveState { Settings = new QueueSettings() };
                    queues[queueId] = queue;
                }

                queue.Apply(change, Now);
            }

            book.Commit(staged, onCommit ? packer : null);
        }

        return [.. queues.Select(q => new QueueResult(
            q.Key,
            q.Value.GetIntervals(Start.AddDays(-1), Start.AddDays(1)),
            q.Value.Snapshot(q.Key, Now).Waiting,
            q.Value.Snapshot(q.Key, Now).Today.Backlog))];
    }

    /// <summary>The shard's packing, counting how often packed events were needed again.</summary>
    private sealed class CountingPacker : IEventPacker
    {
        public int Packed { get; private set; }

        public int Unpacked { get; private set; }

        public byte[] Pack(List<ContactEvent> events)
        {
            Packed++;
            return CompactEventPacker.Instance.Pack(events);
        }

        public List<ContactEvent> Unpack(byte[] packed)
        {
            Unpacked++;
            return CompactEventPacker.Instance.Unpack(packed);
        }
    }

    private sealed record QueueResult(string Queue, IReadOnlyList<IntervalFigures> Intervals, int Waiting, int Backlog);
}
