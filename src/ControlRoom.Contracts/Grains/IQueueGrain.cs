using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using Orleans.Concurrency;

namespace ControlRoom.Contracts.Grains;

/// <summary>One queue's live state: figures, history, agents, rules (key: queue id).</summary>
[Alias("cr.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies one log entry's leg changes, durably (journaled) before returning; a position of a shard the queue
    /// already has is ignored, so a re-delivery counts once. Interleaved: the shards' calls of one request are applied
    /// one after another but their journal appends commit together.
    /// </summary>
    [AlwaysInterleave, Alias("ApplyLegs")]
    Task ApplyLegs(LegBatch batch);

    /// <summary>
    /// Sets what the queue knows of agents serving it, in order (a null presence: the agent no longer serves it); joining
    /// and leaving are journaled before it returns. Agents' changes reach a queue in batches (see the silo's teller).
    /// </summary>
    [Alias("SetAgents")]
    Task SetAgents(IReadOnlyList<AgentMembership> changes);

    /// <summary>The live snapshot, or null for a queue that has never seen an event. Read-only: it never publishes.</summary>
    [ReadOnly, Alias("GetSnapshot")]
    Task<QueueSnapshot?> GetSnapshot();

    /// <summary>The snapshot, the forecast's intervals and the logged-in members at once (staffing); null for a queue never seen.</summary>
    [ReadOnly, Alias("GetStaffingInput")]
    Task<StaffingInput?> GetStaffingInput();

    [ReadOnly, Alias("GetIntervals")]
    Task<IReadOnlyList<IntervalFigures>> GetIntervals(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Agents by state per 15-minute interval starting in [from, to), in event time (the queue page's chart).</summary>
    [ReadOnly, Alias("GetAgentIntervals")]
    Task<IReadOnlyList<AgentStateInterval>> GetAgentIntervals(DateTimeOffset from, DateTimeOffset to);

    [ReadOnly, Alias("GetSettings")]
    Task<QueueSettings> GetSettings();

    [Alias("UpdateSettings")]
    Task UpdateSettings(QueueSettings settings);
}
