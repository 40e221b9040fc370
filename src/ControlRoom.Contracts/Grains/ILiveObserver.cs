using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Queues;
using Orleans.Concurrency;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// One host node's live feed: it receives every change of the cluster in batches from each silo's publisher (as the
/// dotnet/orleans GPSTracker sample pushes through one notifier per silo) and fans them out to the node's screens.
/// A batch is in order; while one is on its way, only the newest snapshot of a queue or agent waits for the next.
/// Deviations and forecasts come in a lane of their own, one batch in flight each, and batches of the two lanes (and
/// of several silos) are handled side by side, so an alert never waits behind snapshots, not even on the node.
/// </summary>
[Alias("cr.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    /// <summary>A batch of changes. The publisher sends the next one only after this returns, so a slow node slows nobody else.</summary>
    [Alias("Changed"), ResponseTimeout("00:00:05"), AlwaysInterleave]
    Task Changed(IReadOnlyList<LiveChange> changes);
}

/// <summary>One live change: exactly one of its members is set.</summary>
[GenerateSerializer, Immutable, Alias("cr.LiveChange")]
public sealed record LiveChange
{
    /// <summary>A queue's new snapshot (coalesced: a newer one replaces a waiting one).</summary>
    [Id(0)] public QueueSnapshot? Queue { get; init; }

    /// <summary>A queue's rule crossed a level (never coalesced).</summary>
    [Id(1)] public Deviation? Deviation { get; init; }

    /// <summary>An agent's new snapshot (coalesced like a queue's).</summary>
    [Id(2)] public AgentSnapshot? Agent { get; init; }

    /// <summary>A queue's service-level forecast crossed its target either way, or moved while breaching.</summary>
    [Id(3)] public Deviation? Forecast { get; init; }
}

/// <summary>
/// The host nodes that receive live changes (key 0). A node joins at start and again every minute; a node not heard
/// of for five minutes is dropped. Every silo's publisher watches the list, and is told of a new node before
/// <see cref="Join"/> returns, so nothing published after a node's join can miss it.
/// </summary>
[Alias("cr.ILiveNodesGrain")]
public interface ILiveNodesGrain : IGrainWithIntegerKey
{
    /// <returns>True when the list did not know the node: it may have missed changes and should read the current state.</returns>
    [Alias("Join")]
    Task<bool> Join(ILiveObserver node);

    [Alias("Leave")]
    Task Leave(ILiveObserver node);

    /// <summary>Registers a silo's publisher (again every minute) and answers the nodes now.</summary>
    [Alias("Watch")]
    Task<LiveNodes> Watch(ILiveNodesWatcher watcher);
}

/// <summary>A silo's publisher, told whenever the list of nodes changes.</summary>
[Alias("cr.ILiveNodesWatcher")]
public interface ILiveNodesWatcher : IGrainObserver
{
    [Alias("NodesChanged"), ResponseTimeout("00:00:05")]
    Task NodesChanged(LiveNodes nodes);
}

/// <summary>
/// The nodes, numbered so a watcher keeps the newest list whatever order answers and announcements arrive in. The
/// epoch changes only if the list's stored state was lost, when its numbers start again.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.LiveNodes")]
public sealed record LiveNodes([property: Id(0)] Guid Epoch, [property: Id(1)] long Version, [property: Id(2)] IReadOnlyList<ILiveObserver> Nodes);
