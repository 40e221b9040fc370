using System.Collections.Concurrent;
using System.Threading.Channels;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Host.Live;

/// <summary>
/// What this node's live cache (<see cref="LiveFeed"/>) has for the hub connections and not sent yet. It only records
/// the change and wakes the publisher, so the feed never waits for a client. Snapshots are coalesced per queue
/// (latest wins); deviations and forecasts are kept in order and never coalesced.
/// </summary>
public sealed class LiveOutbox : IDisposable
{
    private readonly LiveFeed feed;
    private readonly ConcurrentDictionary<string, QueueSnapshot> queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentSnapshot> agents = new(StringComparer.Ordinal);
    private readonly Channel<Deviation> deviations = Channel.CreateBounded<Deviation>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public LiveOutbox(LiveFeed feed)
    {
        this.feed = feed;
        feed.QueueChanged += QueueUpdated;
        feed.DeviationRaised += DeviationRaised;
        feed.ForecastChanged += DeviationRaised; // on the hub a forecast is a deviation of its own rule (contract §4)
        feed.AgentChanged += AgentUpdated;
    }

    /// <summary>Signalled when a snapshot is waiting (one signal for any number of them).</summary>
    public ChannelReader<bool> Wake => wake.Reader;

    /// <summary>Deviations and forecasts in the order heard; read by a sender of their own, so none waits behind a round of snapshots.</summary>
    public ChannelReader<Deviation> Deviations => deviations.Reader;

    public IEnumerable<QueueSnapshot> TakeQueues() => Take(queues);

    public IEnumerable<AgentSnapshot> TakeAgents() => Take(agents);

    public void Dispose()
    {
        feed.QueueChanged -= QueueUpdated;
        feed.DeviationRaised -= DeviationRaised;
        feed.ForecastChanged -= DeviationRaised;
        feed.AgentChanged -= AgentUpdated;
    }

    private void QueueUpdated(QueueSnapshot snapshot)
    {
        queues[snapshot.QueueId] = snapshot;
        wake.Writer.TryWrite(true);
    }

    private void DeviationRaised(Deviation deviation) => deviations.Writer.TryWrite(deviation);

    private void AgentUpdated(AgentSnapshot snapshot)
    {
        agents[snapshot.AgentId] = snapshot;
        wake.Writer.TryWrite(true);
    }

    private static IEnumerable<T> Take<T>(ConcurrentDictionary<string, T> pending)
    {
        foreach (var key in pending.Keys)
        {
            if (pending.TryRemove(key, out var value))
            {
                yield return value;
            }
        }
    }
}
