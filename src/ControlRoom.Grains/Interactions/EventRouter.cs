using ControlRoom.Contracts.Events;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Grains.Interactions;

/// <summary>
/// Which log partition (and so which shard grain) takes an event: interaction events by a stable hash of the
/// interaction, presence events by a stable hash of the agent. The partition count is fixed for a store's life.
/// </summary>
public static class EventRouter
{
    /// <summary>Stable across processes and nodes, so every node routes alike.</summary>
    public static int ShardOf(string key, int shards) => (int)(KeyHash.Of(key) % (uint)shards);

    public static int PartitionOf(ContactEvent e, int shards) =>
        ShardOf(IsAgentEvent(e) ? e.AgentId! : e.InteractionId!, shards);

    public static bool IsAgentEvent(ContactEvent e) => e.Type == EventType.AgentStateChanged;
}
