using System.Collections.Concurrent;
using System.Threading.Channels;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Queues;
using ControlRoom.Grains.Live;

namespace ControlRoom.Host.Live;

/// <summary>
/// The grains' hand-off on this silo: it only records the change and wakes the publisher, so a grain never
/// waits for a client. Snapshots are coalesced per queue (latest wins); deviations are kept in order.
/// </summary>
public sealed class HubLiveUpdateSink : ILiveUpdateSink
{
    private readonly ConcurrentDictionary<string, QueueSnapshot> queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentSnapshot> agents = new(StringComparer.Ordinal);
    private readonly Channel<Deviation> deviations = Channel.CreateBounded<Deviation>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<bool> Wake => wake.Reader;

    public void QueueUpdated(QueueSnapshot snapshot)
    {
        queues[snapshot.QueueId] = snapshot;
        wake.Writer.TryWrite(true);
    }

    public void DeviationRaised(Deviation deviation)
    {
        deviations.Writer.TryWrite(deviation);
        wake.Writer.TryWrite(true);
    }

    public void AgentUpdated(AgentSnapshot snapshot)
    {
        agents[snapshot.AgentId] = snapshot;
        wake.Writer.TryWrite(true);
    }

    public IEnumerable<Deviation> TakeDeviations()
    {
        while (deviations.Reader.TryRead(out var deviation))
        {
            yield return deviation;
        }
    }

    public IEnumerable<QueueSnapshot> TakeQueues() => Take(queues);

    public IEnumerable<AgentSnapshot> TakeAgents() => Take(agents);

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
