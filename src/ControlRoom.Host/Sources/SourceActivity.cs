using System.Collections.Concurrent;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Host.Sources.Health;

namespace ControlRoom.Host.Sources;

/// <summary>
/// What each platform endpoint received on this node: messages, events stored and duplicated, messages it does not
/// count, input it refused, and when it last heard from the platform. Ignored and refused messages also go to the
/// cluster's feed health (<see cref="FeedReporter"/>); stored events go there from <see cref="SourceIngest"/>.
/// </summary>
public sealed class SourceActivity(TimeProvider clock, FeedReporter feeds)
{
    private readonly ConcurrentDictionary<string, Counters> sources = new(StringComparer.Ordinal);

    public void Received(string source, int messages)
    {
        var counters = For(source);
        Interlocked.Add(ref counters.Received, messages);
        Interlocked.Exchange(ref counters.LastReceivedTicks, clock.GetUtcNow().UtcTicks);
    }

    public void Ignored(string source, int messages)
    {
        Interlocked.Add(ref For(source).Ignored, messages);
        feeds.Ignored(source, messages);
    }

    public void Rejected(string source, int messages)
    {
        Interlocked.Add(ref For(source).Rejected, messages);
        feeds.Rejected(source, messages);
    }

    public void Stored(string source, IngestResult result)
    {
        var counters = For(source);
        Interlocked.Add(ref counters.Accepted, result.Accepted);
        Interlocked.Add(ref counters.Duplicates, result.Duplicates);
    }

    public SourceCounts Snapshot(string source) => sources.TryGetValue(source, out var c) ? c.Snapshot() : SourceCounts.None;

    public IReadOnlyDictionary<string, SourceCounts> All() => sources.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);

    private Counters For(string source) => sources.GetOrAdd(source, _ => new Counters());

    private sealed class Counters
    {
        public long Received;
        public long Accepted;
        public long Duplicates;
        public long Ignored;
        public long Rejected;
        public long LastReceivedTicks;

        public SourceCounts Snapshot()
        {
            var last = Interlocked.Read(ref LastReceivedTicks);
            return new SourceCounts(Interlocked.Read(ref Received), Interlocked.Read(ref Accepted), Interlocked.Read(ref Duplicates),
                Interlocked.Read(ref Ignored), Interlocked.Read(ref Rejected), last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero));
        }
    }
}

/// <summary>Counts of one source: messages received, events accepted and duplicated, messages ignored and rejected.</summary>
public sealed record SourceCounts(long Received, long Accepted, long Duplicates, long Ignored, long Rejected, DateTimeOffset? LastReceivedAt)
{
    public static SourceCounts None { get; } = new(0, 0, 0, 0, 0, null);
}
