using System.Globalization;

namespace ControlRoom.Grains.Durability;

/// <summary>The names of streams and snapshots in the store, in one place so every node and tool agrees on them.</summary>
public static class StoreKeys
{
    /// <summary>One partition of the ingest log (interaction events by interaction, presence by agent).</summary>
    public static string LogPartition(int shard) => "log/" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>The state of the interaction shard that consumes <see cref="LogPartition"/>.</summary>
    public static string ShardSnapshot(int shard) => "shard/" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>A journaled grain's journal (and, with <see cref="Snapshot"/>, its snapshot).</summary>
    public static string Journal(string kind, string key) => string.Concat("journal/", kind, "/", key);

    public static string Snapshot(string kind, string key) => string.Concat("state/", kind, "/", key);

    /// <summary>The state of a grain kept through Orleans' <c>[PersistentState]</c> (boards, alerts, reroutes, feeds).</summary>
    public static string GrainState(string stateName, string grainId) => string.Concat("grain/", stateName, "/", grainId);

    /// <summary>Small records of the host itself (the simulator's progress).</summary>
    public static string HostRecord(string name) => "host/" + name;
}
