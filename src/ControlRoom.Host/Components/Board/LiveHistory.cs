using System.Collections.Concurrent;
using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Live;

namespace ControlRoom.Host.Components.Board;

/// <summary>One queue at one minute: what the board's chart of "the last minutes" draws.</summary>
public sealed record QueueSample(DateTimeOffset At, int Waiting);

/// <summary>
/// A small, bounded per-minute history of every queue's contacts waiting on this node, sampled from the live feed
/// (latest snapshot of each minute wins), for the board's chart of the last half hour. The grains keep 15-minute
/// intervals (and agents by state per interval), not waiting counts per minute; this is for screens only, in
/// memory: a restart starts it afresh.
/// </summary>
public sealed class LiveHistory : IDisposable
{
    /// <summary>An hour of minutes per queue: the chart shows the last half hour, so memory stays small with 1,000 queues.</summary>
    public const int Capacity = 60;

    private readonly ConcurrentDictionary<string, Ring> rings = new(StringComparer.Ordinal);
    private readonly LiveFeed feed;

    public LiveHistory(LiveFeed feed)
    {
        this.feed = feed;
        feed.QueueChanged += Record;
        foreach (var snapshot in feed.Queues)
        {
            Record(snapshot);
        }
    }

    public void Record(QueueSnapshot s)
    {
        var minute = new DateTimeOffset(s.AsOf.UtcTicks - (s.AsOf.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var sample = new QueueSample(minute, s.Waiting);
        rings.GetOrAdd(s.QueueId, _ => new Ring()).Put(sample);
    }

    /// <summary>The samples of one queue since <paramref name="from"/>, oldest first.</summary>
    public IReadOnlyList<QueueSample> Of(string queueId, DateTimeOffset from) =>
        rings.TryGetValue(queueId, out var ring) ? ring.Since(from) : [];

    public void Dispose() => feed.QueueChanged -= Record;

    private sealed class Ring
    {
        private readonly QueueSample[] items = new QueueSample[Capacity];
        private readonly Lock gate = new();
        private int count;
        private int next;

        public void Put(QueueSample sample)
        {
            lock (gate)
            {
                var last = count == 0 ? null : items[(next - 1 + Capacity) % Capacity];
                if (last is not null && last.At == sample.At)
                {
                    items[(next - 1 + Capacity) % Capacity] = sample;
                    return;
                }

                if (last is not null && last.At > sample.At)
                {
                    return; // a late snapshot of an earlier minute: that minute is already drawn
                }

                items[next] = sample;
                next = (next + 1) % Capacity;
                count = Math.Min(count + 1, Capacity);
            }
        }

        public IReadOnlyList<QueueSample> Since(DateTimeOffset from)
        {
            lock (gate)
            {
                var result = new List<QueueSample>(count);
                for (var i = 0; i < count; i++)
                {
                    var sample = items[(next - count + i + Capacity) % Capacity];
                    if (sample.At >= from)
                    {
                        result.Add(sample);
                    }
                }

                return result;
            }
        }
    }
}
