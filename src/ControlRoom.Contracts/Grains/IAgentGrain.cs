using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using Orleans.Concurrency;

namespace ControlRoom.Contracts.Grains;

/// <summary>One agent: presence timeline, contacts, the queues served (key: agent id).</summary>
[Alias("cr.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies one log entry's presence events and leg changes, durably (journaled) before returning; a position of
    /// a shard the agent already has is ignored, so a re-delivery counts once. Interleaved: the shards' calls of one
    /// request are applied one after another but their journal appends commit together.
    /// </summary>
    [AlwaysInterleave, Alias("Apply")]
    Task<IngestResult> Apply(AgentBatch batch);

    /// <summary>
    /// The agent's presence now, for a queue rebuilt after a crash. Interleaved, so it answers even while the agent
    /// is itself waiting on that queue.
    /// </summary>
    [AlwaysInterleave, Alias("GetPresence")]
    Task<AgentPresence?> GetPresence();

    [ReadOnly, Alias("GetSnapshot")]
    Task<AgentSnapshot?> GetSnapshot();

    /// <summary>A planner's change: adds and removes queues, returns the queues before and after (null: unknown agent).</summary>
    [Alias("Reassign")]
    Task<AgentReroute?> Reassign(IReadOnlyList<QueueAssignment> add, IReadOnlyList<string> remove);

    /// <summary>Sets the planner's queues outright (undo); returns the queues replaced.</summary>
    [Alias("SetQueues")]
    Task<IReadOnlyList<QueueAssignment>> SetQueues(IReadOnlyList<QueueAssignment> queues);
}
