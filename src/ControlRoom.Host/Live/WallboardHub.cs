using ControlRoom.Contracts.Events;
using ControlRoom.Grains.Hosting;
using ControlRoom.Host.Api;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Live;

/// <summary>
/// Contract §4. The hub only manages subscriptions: a connection joins one group per followed queue (or the
/// all-queues group) and gets a full <c>snapshot</c> at once, so a reconnect resynchronises the screen.
/// Updates are sent by <see cref="WallboardPublisher"/> from this node's live cache to this node's connections
/// (<see cref="LocalConnections"/>); the groups serve the alert changes, which one node sends for the whole cluster.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class WallboardHub(LiveQueries queries, LiveFeed feed, LocalConnections local, IOptions<LiveLimits> limits, TimeProvider clock) : Hub
{
    public const string Path = "/hubs/wallboard";
    public const string AllQueues = LiveQueries.AllQueues;

    public static string GroupOf(string queueId) => "queue:" + queueId;

    public async Task Subscribe(string[] queueIds)
    {
        var ids = Checked(queueIds);
        var followed = Followed();
        var max = limits.Value.MaxQueuesPerConnection;
        if (!ids.Contains(AllQueues) && !followed.Contains(AllQueues) && followed.Union(ids).Count() > max)
        {
            // Refused whole, before any group is joined: a connection's groups are bounded, whatever it asks.
            throw new HubException($"A connection follows at most {max} queues; follow [\"*\"] for all of them.");
        }

        foreach (var id in ids)
        {
            if (id == AllQueues)
            {
                // "*" supersedes single queues: leave their groups so no update arrives twice.
                foreach (var single in followed.Where(f => f != AllQueues).ToList())
                {
                    await Leave(GroupOf(single));
                    followed.Remove(single);
                }
            }
            else if (followed.Contains(AllQueues))
            {
                continue;
            }

            if (followed.Add(id))
            {
                await Join(GroupOf(id));
            }
        }

        var selected = LiveQueries.Selects(ids);
        await Clients.Caller.SendAsync("snapshot", await WhileHealingAsync(() => queries.QueuesAsync(ids), () =>
            [.. feed.Queues.Where(q => selected(q.QueueId))]));
    }

    public async Task Unsubscribe(string[] queueIds)
    {
        var followed = Followed();
        foreach (var id in Checked(queueIds))
        {
            followed.Remove(id);
            await Leave(GroupOf(id));
        }
    }

    /// <summary>Extension: follow agents; sends <c>agents</c> (every agent's state) at once, then <c>agentUpdated</c>.</summary>
    public async Task SubscribeAgents()
    {
        await Join(WallboardPublisher.AgentsGroup);
        await Clients.Caller.SendAsync("agents", await WhileHealingAsync(queries.AgentsAsync, () => [.. feed.Agents]));
    }

    public Task UnsubscribeAgents() => Leave(WallboardPublisher.AgentsGroup);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        local.RemoveEverywhere(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// The room now, from the grains. Right after a node died its grains are being rebuilt elsewhere, so the read waits
    /// for them; if the cluster has not healed in time, the answer is this node's live cache, whose snapshots carry
    /// their own time (a screen shows them stale), rather than an error.
    /// </summary>
    private async Task<IReadOnlyList<T>> WhileHealingAsync<T>(Func<Task<IReadOnlyList<T>>> read, Func<IReadOnlyList<T>> cached)
    {
        try
        {
            return await ClusterFailures.RetryWhileHealingAsync(read, clock, Context.ConnectionAborted);
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex, Context.ConnectionAborted))
        {
            return cached();
        }
    }

    private Task Join(string group)
    {
        local.Add(group, Context.ConnectionId);
        return Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    private Task Leave(string group)
    {
        local.Remove(group, Context.ConnectionId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private HashSet<string> Followed()
    {
        if (Context.Items.TryGetValue(nameof(Followed), out var existing) && existing is HashSet<string> set)
        {
            return set;
        }

        var created = new HashSet<string>(StringComparer.Ordinal);
        Context.Items[nameof(Followed)] = created;
        return created;
    }

    private static string[] Checked(string[]? queueIds)
    {
        if (queueIds is null || queueIds.Length is 0 or > 1000 || queueIds.Any(id => !LiveQueries.IsValidQueueId(id)))
        {
            throw new HubException($"queueIds must be 1-1000 queue ids of {EventValidator.KeyRule}, or [\"*\"] for all queues.");
        }

        return [.. queueIds.Distinct(StringComparer.Ordinal)];
    }
}
