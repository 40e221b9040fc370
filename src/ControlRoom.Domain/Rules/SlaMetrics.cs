using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Rules;

/// <summary>The unit of a metric's value.</summary>
public enum MetricUnit
{
    Count,
    Seconds,
    Percent,
}

/// <summary>The metrics a rule can watch, each read from a queue snapshot with the volume it is judged on.</summary>
public static class SlaMetrics
{
    public const string ServiceLevel = "serviceLevel";
    public const string ServiceLevelToday = "serviceLevelToday";
    public const string Asa = "asa";
    public const string AbandonRate = "abandonRate";
    public const string LongestWait = "longestWaitSeconds";
    public const string Waiting = "waiting";
    public const string Backlog = "backlog";
    public const string OldestBacklog = "oldestBacklogSeconds";
    public const string AgentsAvailable = "agentsAvailable";
    public const string Occupancy = "occupancy";
    public const string FirstResponse = "firstResponseSeconds";
    public const string Csat = "csat";

    /// <summary>Ring-no-answers over the rolling 30 minutes (contract v1.1): agents letting contacts ring out.</summary>
    public const string RingNoAnswer = "ringNoAnswer";

    /// <summary>How long a source has been silent (feed-stalled alerts); not a rule metric of a queue.</summary>
    public const string FeedSilence = "feedSilenceSeconds";

    public static IReadOnlyList<string> All { get; } =
    [
        ServiceLevel, ServiceLevelToday, Asa, AbandonRate, LongestWait, Waiting, Backlog, OldestBacklog,
        AgentsAvailable, Occupancy, FirstResponse, Csat, RingNoAnswer,
    ];

    public static bool IsKnown(string metric) => All.Contains(metric, StringComparer.Ordinal);

    /// <summary>Metrics that are the age of something still open, so they grow one second per second by themselves.</summary>
    public static bool AgesWithTheClock(string metric) => metric is LongestWait or OldestBacklog;

    /// <summary>Whether an age metric is growing in <paramref name="s"/>: something is open to age (a contact waiting, a backlog item).</summary>
    public static bool Grows(QueueSnapshot s, string metric) => metric switch
    {
        LongestWait => s.Waiting > 0,
        OldestBacklog => s.Today.Backlog > 0,
        _ => false,
    };

    /// <summary>
    /// An age metric at <paramref name="now"/>: the snapshot's figure aged by the time since it was taken while it
    /// grows (the oldest open item stays the oldest until a change, and a change publishes a new snapshot); null when
    /// nothing is open.
    /// </summary>
    public static double? AgeAt(QueueSnapshot s, string metric, DateTimeOffset now)
    {
        double? age = metric switch
        {
            LongestWait => s.LongestWaitSeconds,
            OldestBacklog => s.Today.OldestBacklogSeconds,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not an age"),
        };
        return age is { } a && Grows(s, metric) && now > s.AsOf ? a + (now - s.AsOf).TotalSeconds : age;
    }

    /// <summary>
    /// Metrics read from the contacts still open (how many, how old the oldest): while a queue's source is catching up
    /// on old events, the ones that closed them may not have arrived yet, so these are not judged.
    /// </summary>
    public static bool ReadsOpenContacts(string metric) => AgesWithTheClock(metric) || metric is Waiting or Backlog;

    /// <summary>Metrics an agent's presence moves: only rules on these need judging when an agent joins, leaves or changes state.</summary>
    public static bool ReadsAgents(string metric) => metric is AgentsAvailable or Occupancy;

    /// <summary>What a metric's value is, so every screen reads it the same way (a duration, a percentage, a count).</summary>
    public static MetricUnit UnitOf(string metric) => metric switch
    {
        Asa or LongestWait or OldestBacklog or FirstResponse or FeedSilence => MetricUnit.Seconds,
        ServiceLevel or ServiceLevelToday or AbandonRate or Occupancy or Csat or Staffing.BreachForecast.Metric => MetricUnit.Percent,
        _ => MetricUnit.Count,
    };

    /// <summary>
    /// The value a rule compares and the number of contacts behind it. Percentages and averages over the
    /// rolling 30 minutes react within minutes; "today" figures are for slow channels and surveys.
    /// </summary>
    public static (double? Value, int Volume) Read(QueueSnapshot s, string metric) => metric switch
    {
        ServiceLevel => (s.Rolling30m.ServiceLevel, s.Rolling30m.Answered + s.Rolling30m.Abandoned - s.Rolling30m.ShortAbandoned),
        ServiceLevelToday => (s.Today.ServiceLevel, s.Today.Answered + s.Today.Abandoned - s.Today.ShortAbandoned),
        Asa => (s.Rolling30m.Asa, s.Rolling30m.Answered),
        AbandonRate => (s.Rolling30m.AbandonRate, s.Rolling30m.Offered - s.Rolling30m.ShortAbandoned),
        LongestWait => (s.LongestWaitSeconds, int.MaxValue),
        Waiting => (s.Waiting, int.MaxValue),
        Backlog => (s.Today.Backlog, int.MaxValue),
        OldestBacklog => (s.Today.OldestBacklogSeconds ?? 0, int.MaxValue),
        AgentsAvailable => (s.Agents.Available, int.MaxValue),
        Occupancy => (s.Today.Occupancy, int.MaxValue),
        FirstResponse => (s.Today.FirstResponseSeconds, s.Today.Offered),
        Csat => (s.Today.Csat, int.MaxValue),
        RingNoAnswer => (s.Rolling30m.RingNoAnswer, int.MaxValue),
        _ => (null, 0),
    };
}
