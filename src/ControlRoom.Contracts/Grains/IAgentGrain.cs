using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Contracts.Grains;

/// <summary>One agent: presence timeline, contacts, the queues served (key: agent id).</summary>
[Alias("cr.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    [Alias("ApplyEvents")]
    Task<IngestResult> ApplyEvents(IReadOnlyList<ContactEvent> events);

    [Alias("ApplyLegs")]
    Task ApplyLegs(string batchKey, IReadOnlyList<LegChange> changes);

    [Alias("GetSnapshot")]
    Task<AgentSnapshot?> GetSnapshot();

    [Alias("Subscribe")]
    Task Subscribe(ILiveObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ILiveObserver observer);
}
