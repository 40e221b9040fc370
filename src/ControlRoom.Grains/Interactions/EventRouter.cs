using System.IO.Hashing;
using System.Runtime.InteropServices;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Grains.Interactions;

/// <summary>Which grain applies an event: interaction events by a stable hash of the interaction, agent events by agent.</summary>
public static class EventRouter
{
    /// <summary>Stable across processes and nodes (string.GetHashCode is not), so every node routes alike.</summary>
    public static int ShardOf(string interactionId, int shards)
    {
        var hash = XxHash32.HashToUInt32(MemoryMarshal.AsBytes(interactionId.AsSpan()));
        return (int)(hash % (uint)shards);
    }

    public static bool IsAgentEvent(ContactEvent e) => e.Type == EventType.AgentStateChanged;
}
