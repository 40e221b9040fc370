namespace ControlRoom.Host.Security;

/// <summary>Roles of people (and the one of machines) and the policies built on them.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string TeamLead = "teamlead";
    public const string Planner = "planner";
    public const string Admin = "admin";

    /// <summary>An event source or screen authenticated by API key: posts events and reads, never acts.</summary>
    public const string Source = "source";

    /// <summary>A metrics scraper authenticated by a <c>Metrics:ApiKeys</c> key: reads <c>/metrics</c> and nothing else.</summary>
    public const string Scraper = "scraper";

    public static IReadOnlyList<string> People { get; } = [Viewer, TeamLead, Planner, Admin];
}

public static class Policies
{
    /// <summary>Boards and read API: any signed-in person or API key.</summary>
    public const string Reader = "reader";

    /// <summary>Posting events: API keys only (machines, not people).</summary>
    public const string EventSource = "event-source";

    /// <summary>The Prometheus endpoint: scrape keys, event-source keys (which read anyway) and admins.</summary>
    public const string MetricsScraper = "metrics-scraper";

    public const string TeamLead = "team-lead";
    public const string Planner = "planner";
    public const string Admin = "admin";
}
