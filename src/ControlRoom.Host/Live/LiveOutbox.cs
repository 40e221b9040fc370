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
    private readonly LatestByKey<QueueSnapshot> queues = new();
    private readonly LatestByKey<AgentSnapshot> agents = new();
    private readonly Channel<Deviation> deviations = Channel.CreateBounded<Deviation>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // 1 while a wake is signalled and its round has not begun: the thousands of updates a large room's request makes
    // between two rounds signal once, instead of each taking the channel's lock (a profile had grain threads waiting
    // on it and on the dictionary's locks).
    private int signalled;

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

    /// <summary>
    /// Begins a round after a wake: what is waiting now, latest per queue and per agent, taken as it is enumerated. An
    /// update that arrives from here on signals the next round (or is taken by this one if it comes in time).
    /// </summary>
    public (IEnumerable<QueueSnapshot> Queues, IEnumerable<AgentSnapshot> Agents) Take()
    {
        Volatile.Write(ref signalled, 0);
        return (queues.Take(), agents.Take());
    }

    public void Dispose()
    {
        feed.QueueChanged -= QueueUpdated;
        feed.DeviationRaised -= DeviationRaised;
        feed.ForecastChanged -= DeviationRaised;
        feed.AgentChanged -= AgentUpdated;
    }

    private void QueueUpdated(QueueSnapshot snapshot)
    {
        queues.Put(snapshot.QueueId, snapshot);
        Signal();
    }

    private void DeviationRaised(Deviation deviation) => deviations.Writer.TryWrite(deviation);

    private void AgentUpdated(AgentSnapshot snapshot)
    {
        agents.Put(snapshot.AgentId, snapshot);
        Signal();
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref signalled, 1) == 0)
        {
            wake.Writer.TryWrite(true);
        }
    }
}
