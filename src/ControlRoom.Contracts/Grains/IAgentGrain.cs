using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;

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

    /// <summary>A planner's change: adds and removes queues, returns the queues before and after (null: unknown agent).</summary>
    [Alias("Reassign")]
    Task<AgentReroute?> Reassign(IReadOnlyList<QueueAssignment> add, IReadOnlyList<string> remove);

    /// <summary>Sets the planner's queues outright (undo); returns the queues replaced.</summary>
    [Alias("SetQueues")]
    Task<IReadOnlyList<QueueAssignment>> SetQueues(IReadOnlyList<QueueAssignment> queues);

    [Alias("Subscribe")]
    Task Subscribe(ILiveObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ILiveObserver observer);
}
