using ControlRoom.Contracts.Agents;
using ControlRoom.Host.Live;

namespace ControlRoom.Host.Agents;

/// <summary>
/// The agents view's questions to this node's one live cache (<see cref="LiveFeed"/>): a filtered page of the roster
/// and the filters' choices. It holds no copy of its own; views query a page instead of each holding, and rendering,
/// the whole roster.
/// </summary>
public sealed class AgentRoster(LiveFeed feed)
{
    /// <summary>An agent changed (after the node's cache took it in).</summary>
    public event Action<AgentSnapshot>? Changed
    {
        add => feed.AgentChanged += value;
        remove => feed.AgentChanged -= value;
    }

    /// <summary>Makes sure the node's cache holds every agent (read from the grains once, if its first reload has not).</summary>
    public Task EnsureLoadedAsync() => feed.EnsureAgentsLoadedAsync();

    /// <summary>Reads every agent afresh from the grains into the node's cache (a view coming back from an outage).</summary>
    public Task ReloadAsync() => feed.RefreshAgentsAsync();

    public AgentPage Query(AgentQuery query) => query.Apply(feed.Agents);

    /// <summary>The teams and queues the filters offer.</summary>
    public (IReadOnlyList<string> Teams, IReadOnlyList<string> Queues) Facets()
    {
        var teams = new SortedSet<string>(StringComparer.CurrentCulture);
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var a in feed.Agents)
        {
            if (a.Team is { } team)
            {
                teams.Add(team);
            }

            queues.UnionWith(a.Queues);
        }

        return ([.. teams], [.. queues]);
    }
}
