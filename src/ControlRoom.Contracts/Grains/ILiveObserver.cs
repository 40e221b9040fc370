using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Queues;
using Orleans.Concurrency;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// Receives live changes (one per host node, fanned out to that node's screens). One-way, so a grain never
/// waits for a slow or vanished subscriber.
/// </summary>
[Alias("cr.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [OneWay, Alias("QueueUpdated")]
    Task QueueUpdated(QueueSnapshot snapshot);

    [OneWay, Alias("DeviationRaised")]
    Task DeviationRaised(Deviation deviation);

    /// <summary>Queues listed for the first time, by one write of the directory.</summary>
    [OneWay, Alias("QueuesAdded")]
    Task QueuesAdded(IReadOnlyList<string> queueIds);

    /// <summary>Agents listed for the first time, by one write of the directory (10,000 agents signing in: a few calls, not 10,000).</summary>
    [OneWay, Alias("AgentsAdded")]
    Task AgentsAdded(IReadOnlyList<string> agentIds);

    [OneWay, Alias("AgentUpdated")]
    Task AgentUpdated(AgentSnapshot snapshot);

    /// <summary>A queue's service-level forecast crossed its target either way, or moved while breaching.</summary>
    [OneWay, Alias("ForecastChanged")]
    Task ForecastChanged(Deviation forecast);
}
