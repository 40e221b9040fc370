using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Grains.Live;

/// <summary>
/// Where a grain hands its coalesced changes on its own silo (the host sends them to SignalR clients).
/// Implementations must return at once: a grain never waits for client I/O.
/// </summary>
public interface ILiveUpdateSink
{
    void QueueUpdated(QueueSnapshot snapshot);

    void DeviationRaised(Deviation deviation);

    void AgentUpdated(AgentSnapshot snapshot);
}

internal sealed class NoLiveUpdateSink : ILiveUpdateSink
{
    public void QueueUpdated(QueueSnapshot snapshot)
    {
    }

    public void DeviationRaised(Deviation deviation)
    {
    }

    public void AgentUpdated(AgentSnapshot snapshot)
    {
    }
}
