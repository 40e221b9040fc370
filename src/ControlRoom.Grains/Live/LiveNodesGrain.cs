using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Grains.Live;

/// <summary>
/// The host nodes that receive live changes, and the silos' publishers that send them. The list is written only when
/// it changes (a node joins for the first time, leaves, or is dropped), so it outlives its silo and a node's minutely
/// join costs no write; a node's last join is kept in memory only.
/// </summary>
public sealed partial class LiveNodesGrain(
    [PersistentState("liveNodes", StorageNames.State)] IPersistentState<LiveNodesState> state,
    TimeProvider clock,
    ILogger<LiveNodesGrain> logger) : Grain, ILiveNodesGrain
{
    /// <summary>A node that has not joined for this long is gone (it joins every minute).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);

    private readonly Dictionary<ILiveObserver, DateTimeOffset> lastJoined = [];
    private readonly Dictionary<ILiveNodesWatcher, DateTimeOffset> watchers = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Nodes listed before this activation count from now: each has five minutes to join again.
        if (state.State.Epoch == Guid.Empty)
        {
            state.State.Epoch = Guid.NewGuid();
        }

        var now = clock.GetUtcNow();
        foreach (var node in state.State.Nodes)
        {
            lastJoined[node] = now;
        }

        return Task.CompletedTask;
    }

    public async Task<bool> Join(ILiveObserver node)
    {
        var now = clock.GetUtcNow();
        var known = lastJoined.ContainsKey(node);
        lastJoined[node] = now;
        var dropped = lastJoined.Where(n => now - n.Value > Expiry).Select(n => n.Key).ToList();
        foreach (var gone in dropped)
        {
            lastJoined.Remove(gone);
            LogDropped(gone);
        }

        if (!known || dropped.Count > 0)
        {
            await Changed();
        }

        return !known;
    }

    public async Task Leave(ILiveObserver node)
    {
        if (lastJoined.Remove(node))
        {
            await Changed();
        }
    }

    public Task<LiveNodes> Watch(ILiveNodesWatcher watcher)
    {
        var now = clock.GetUtcNow();
        watchers[watcher] = now;
        foreach (var gone in watchers.Where(w => now - w.Value > Expiry).Select(w => w.Key).ToList())
        {
            watchers.Remove(gone);
        }

        return Task.FromResult(Current());
    }

    /// <summary>
    /// Writes the list, then tells every publisher before the caller's call returns. A publisher that cannot be told
    /// (its silo gone or slow) is not dropped: it watches again within a minute and gets the list then.
    /// </summary>
    private async Task Changed()
    {
        state.State.Nodes = [.. lastJoined.Keys];
        state.State.Version++;
        await state.WriteStateAsync();
        var nodes = Current();
        await Task.WhenAll(watchers.Keys.Select(async watcher =>
        {
            try
            {
                await watcher.NodesChanged(nodes);
            }
            catch (Exception ex)
            {
                LogTellFailed(ex);
            }
        }));
    }

    private LiveNodes Current() => new(state.State.Epoch, state.State.Version, [.. lastJoined.Keys]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A silo's live publisher could not be told of the nodes; it reads them again within a minute")]
    private partial void LogTellFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live node {Node} has not joined for five minutes; dropped")]
    private partial void LogDropped(ILiveObserver node);
}

[GenerateSerializer, Alias("cr.LiveNodesState")]
public sealed class LiveNodesState
{
    [Id(0)] public List<ILiveObserver> Nodes { get; set; } = [];

    [Id(1)] public long Version { get; set; }

    [Id(2)] public Guid Epoch { get; set; }
}
