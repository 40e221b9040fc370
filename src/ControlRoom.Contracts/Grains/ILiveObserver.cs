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

    [OneWay, Alias("QueueAdded")]
    Task QueueAdded(string queueId);

    [OneWay, Alias("AgentAdded")]
    Task AgentAdded(string agentId);

    [OneWay, Alias("AgentUpdated")]
    Task AgentUpdated(AgentSnapshot snapshot);

    /// <summary>A queue's service-level forecast crossed its target either way, or moved while breaching.</summary>
    [OneWay, Alias("ForecastChanged")]
    Task ForecastChanged(Deviation forecast);
}
