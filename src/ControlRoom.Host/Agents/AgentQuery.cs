using System.Globalization;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Host.Resources;

namespace ControlRoom.Host.Agents;

/// <summary>
/// Which agents, and which page of them: filtered and paged on the server, so a room of 10,000 agents sends a
/// screenful, not the roster. Shared by <c>GET /api/agents</c> and the agents view.
/// </summary>
public sealed record AgentQuery
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Only agents of this team (exact).</summary>
    public string? Team { get; init; }

    /// <summary>Only agents serving one of these queues, or on a contact of one of them now (a queue, or a board's queues).</summary>
    public IReadOnlySet<string>? Queues { get; init; }

    public AgentState? State { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    public bool Matches(AgentSnapshot a) =>
        (Team is null || string.Equals(a.Team, Team, StringComparison.Ordinal))
        && (State is null || a.State == State)
        && (Queues is null || a.Queues.Any(Queues.Contains) || (a.CurrentQueueId is { } current && Queues.Contains(current)));

    /// <summary>Working agents first (offline last), then by id: the order the view and the API share.</summary>
    public AgentPage Apply(IEnumerable<AgentSnapshot> agents)
    {
        var matching = agents.Where(Matches).ToList();
        matching.Sort((x, y) => (x.State == AgentState.Offline).CompareTo(y.State == AgentState.Offline) is var c && c != 0 ? c : string.CompareOrdinal(x.AgentId, y.AgentId));
        var page = Math.Clamp(Page, 1, AgentPage.PagesFor(matching.Count, PageSize));
        return new AgentPage(matching.Count, page, PageSize, [.. matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * PageSize)).Take(PageSize)]);
    }

    /// <summary>
    /// Reads <c>?team=&amp;queueId=&amp;state=&amp;page=&amp;pageSize=</c>; every bad parameter is named. Paged is false
    /// when neither page nor pageSize was asked for: the answer is then the whole (filtered) list, as before paging.
    /// </summary>
    public static (AgentQuery? Query, bool Paged, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AgentState? state = null;
        if (query["state"].ToString() is { Length: > 0 } rawState)
        {
            if (EventWireNames.TryParseState(rawState, out var parsed))
            {
                state = parsed;
            }
            else
            {
                errors["state"] = [UiMessages.Get("Error_AgentState", rawState)];
            }
        }

        var paged = query.ContainsKey("page") || query.ContainsKey("pageSize");
        var page = Whole(query, "page", 1, int.MaxValue, 1, errors);
        var size = Whole(query, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        var queueId = query["queueId"].ToString();
        var team = query["team"].ToString();
        return errors.Count > 0
            ? (null, paged, errors)
            : (new AgentQuery
            {
                Team = team.Length > 0 ? team : null,
                Queues = queueId.Length > 0 ? new HashSet<string>([queueId], StringComparer.Ordinal) : null,
                State = state,
                Page = page,
                PageSize = paged ? size : int.MaxValue,
            }, paged, errors);
    }

    private static int Whole(IQueryCollection query, string name, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [UiMessages.Get("Error_WholeNumberBetween", min, max)];
        return fallback;
    }
}

/// <summary>One page of agents and how many matched in all.</summary>
public sealed record AgentPage(int Total, int Page, int PageSize, IReadOnlyList<AgentSnapshot> Items)
{
    public int Pages => PagesFor(Total, PageSize);

    public static int PagesFor(int total, int pageSize) => (int)Math.Max(1, ((long)total + pageSize - 1) / pageSize);
}
