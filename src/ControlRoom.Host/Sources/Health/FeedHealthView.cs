using System.Collections.Frozen;
using ControlRoom.Contracts.Feeds;

namespace ControlRoom.Host.Sources.Health;

/// <summary>
/// This node's copy of the cluster's feed health, refreshed by <see cref="FeedMonitor"/>: which sources are stalled,
/// and so which tiles must say "no data from … since …". Tiles read it on every render; it changes rarely.
/// </summary>
public sealed class FeedHealthView
{
    private volatile Picture current = Picture.Empty;

    /// <summary>Raised when a source turns stalled or live (not on every refresh).</summary>
    public event Action? Changed;

    public IReadOnlyList<FeedStatus> All => current.All;

    /// <summary>The stalled sources that feed <paramref name="queueId"/>, longest silent first.</summary>
    public IReadOnlyList<FeedStatus> StalledFor(string queueId) =>
        current.StalledByQueue.TryGetValue(queueId, out var stalled) ? stalled : [];

    public bool IsStalled(string source) => current.StalledKeys.Contains(source);

    public void Update(IReadOnlyList<FeedStatus> statuses)
    {
        var next = new Picture(statuses);
        var before = current;
        current = next;
        if (!before.StalledKeys.SetEquals(next.StalledKeys))
        {
            Changed?.Invoke();
        }
    }

    private sealed class Picture
    {
        public static readonly Picture Empty = new([]);

        public Picture(IReadOnlyList<FeedStatus> all)
        {
            All = all;
            var stalled = all.Where(s => s.State == FeedState.Stalled).OrderBy(s => s.LastReceivedAt).ToList();
            StalledKeys = stalled.Select(s => s.Source).ToFrozenSet(StringComparer.Ordinal);
            StalledByQueue = stalled
                .SelectMany(s => s.Queues.Select(q => (Queue: q, Status: s)))
                .GroupBy(p => p.Queue, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<FeedStatus>)[.. g.Select(p => p.Status)], StringComparer.Ordinal);
        }

        public IReadOnlyList<FeedStatus> All { get; }

        public FrozenSet<string> StalledKeys { get; }

        public FrozenDictionary<string, IReadOnlyList<FeedStatus>> StalledByQueue { get; }
    }
}
