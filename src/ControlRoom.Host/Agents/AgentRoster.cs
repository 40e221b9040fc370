using System.Collections.Concurrent;
using ControlRoom.Contracts.Agents;
using ControlRoom.Host.Api;
using ControlRoom.Host.Components;
using ControlRoom.Host.Live;

namespace ControlRoom.Host.Agents;

/// <summary>
/// Every agent as this node last heard of it, for the agents view: read from the grains once (the first time a
/// view needs it), then kept by the node's live feed. Views query a filtered page of it instead of each holding,
/// and rendering, the whole roster. The view depends on this class only, so the live cache that will replace the
/// feed slots in here.
/// </summary>
public sealed class AgentRoster(LiveFeed feed, LiveQueries queries) : IDisposable
{
    private readonly ConcurrentDictionary<string, AgentSnapshot> agents = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile bool loaded;
    private bool subscribed;

    /// <summary>An agent changed (after the roster took it in).</summary>
    public event Action<AgentSnapshot>? Changed;

    public int Count => agents.Count;

    /// <summary>Loads the roster from the grains once; later calls return at once.</summary>
    public async Task EnsureLoadedAsync()
    {
        if (loaded)
        {
            return;
        }

        await loading.WaitAsync();
        try
        {
            if (!loaded)
            {
                // Follow changes first, so nothing that happens during the read is missed; the newer state wins.
                feed.AgentChanged += OnAgentChanged;
                subscribed = true;
                foreach (var a in await queries.AgentsAsync())
                {
                    Keep(a);
                }

                loaded = true;
            }
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>Reads every agent afresh from the grains (a view coming back from an outage trusts nothing it had).</summary>
    public async Task ReloadAsync()
    {
        await EnsureLoadedAsync();
        foreach (var a in await queries.AgentsAsync())
        {
            Keep(a);
        }
    }

    public AgentPage Query(AgentQuery query) => query.Apply(agents.Values);

    /// <summary>The teams and queues the filters offer.</summary>
    public (IReadOnlyList<string> Teams, IReadOnlyList<string> Queues) Facets()
    {
        var teams = new SortedSet<string>(StringComparer.CurrentCulture);
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var a in agents.Values)
        {
            if (a.Team is { } team)
            {
                teams.Add(team);
            }

            queues.UnionWith(a.Queues);
        }

        return ([.. teams], [.. queues]);
    }

    private void OnAgentChanged(AgentSnapshot snapshot)
    {
        if (Keep(snapshot))
        {
            Changed?.Invoke(snapshot);
        }
    }

    private bool Keep(AgentSnapshot snapshot) => LatestWins.Keep(agents, snapshot.AgentId, snapshot, a => a.AsOf);

    public void Dispose()
    {
        if (subscribed)
        {
            feed.AgentChanged -= OnAgentChanged;
        }

        loading.Dispose();
    }
}
