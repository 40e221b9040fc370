using System.Collections.Concurrent;
using System.Collections.Immutable;
using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Live;

namespace ControlRoom.Host.Components.Board;

/// <summary>
/// What the boards read of the live queues on this node: the latest snapshot of each queue, one queue's changes
/// for one tile, and every change for a board's banners. The screens depend on this boundary only, so replacing
/// the source behind it (today <see cref="LiveFeed"/>) touches one class.
/// </summary>
public interface ILiveQueues
{
    /// <summary>The latest snapshot of every queue known on this node.</summary>
    IReadOnlyCollection<QueueSnapshot> All { get; }

    /// <summary>Forecast breaches in force, one per queue.</summary>
    IReadOnlyCollection<Deviation> Predictions { get; }

    QueueSnapshot? Get(string queueId);

    /// <summary>Calls <paramref name="changed"/> with every newer snapshot of one queue until disposed.</summary>
    IDisposable Watch(string queueId, Action<QueueSnapshot> changed);

    /// <summary>Every queue's changes (banners, new queues); handlers must be cheap, they run for every queue.</summary>
    event Action<QueueSnapshot>? QueueChanged;

    event Action<Deviation>? DeviationRaised;
}

/// <summary>
/// <see cref="ILiveQueues"/> over this node's one live cache, <see cref="LiveFeed"/> (it keeps no copy of its own):
/// fans each queue's changes out to the tiles watching that queue only, so a change re-renders one tile rather than
/// every tile of every board.
/// </summary>
public sealed class FeedLiveQueues : ILiveQueues, IDisposable
{
    private readonly LiveFeed feed;
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<QueueSnapshot>>> watchers = new(StringComparer.Ordinal);

    public FeedLiveQueues(LiveFeed feed)
    {
        this.feed = feed;
        feed.QueueChanged += OnQueueChanged;
        feed.DeviationRaised += OnDeviation;
        feed.ForecastChanged += OnDeviation;
    }

    public event Action<QueueSnapshot>? QueueChanged;

    public event Action<Deviation>? DeviationRaised;

    public IReadOnlyCollection<QueueSnapshot> All => feed.Queues;

    public IReadOnlyCollection<Deviation> Predictions => feed.Predictions;

    public QueueSnapshot? Get(string queueId) => feed.Queue(queueId);

    public IDisposable Watch(string queueId, Action<QueueSnapshot> changed)
    {
        watchers.AddOrUpdate(queueId, _ => [changed], (_, list) => list.Add(changed));
        return new Unwatch(this, queueId, changed);
    }

    public void Dispose()
    {
        feed.QueueChanged -= OnQueueChanged;
        feed.DeviationRaised -= OnDeviation;
        feed.ForecastChanged -= OnDeviation;
    }

    private void OnQueueChanged(QueueSnapshot snapshot)
    {
        if (!ReferenceEquals(feed.Queue(snapshot.QueueId), snapshot))
        {
            return; // a newer one overtook it on the way here, and is fanned out by its own change
        }

        if (watchers.TryGetValue(snapshot.QueueId, out var list))
        {
            foreach (var watcher in list)
            {
                watcher(snapshot);
            }
        }

        QueueChanged?.Invoke(snapshot);
    }

    /// <summary>Deviations and forecasts both: the board's banners tell a forecast by its rule.</summary>
    private void OnDeviation(Deviation deviation) => DeviationRaised?.Invoke(deviation);

    private sealed class Unwatch(FeedLiveQueues owner, string queueId, Action<QueueSnapshot> changed) : IDisposable
    {
        public void Dispose()
        {
            while (owner.watchers.TryGetValue(queueId, out var list))
            {
                var rest = list.Remove(changed);
                if (rest.IsEmpty ? owner.watchers.TryRemove(new KeyValuePair<string, ImmutableArray<Action<QueueSnapshot>>>(queueId, list)) : owner.watchers.TryUpdate(queueId, rest, list))
                {
                    return;
                }
            }
        }
    }
}
