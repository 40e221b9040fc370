namespace ControlRoom.Grains.Feeds;

/// <summary>Configuration section <c>Sources:Health</c>: how long each source may stay silent, and names for people.</summary>
public sealed class FeedHealthOptions
{
    public const string Section = "Sources:Health";

    public static readonly TimeSpan ShortestQuietLimit = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestQuietLimit = TimeSpan.FromDays(7);

    /// <summary>Silence longer than this stalls a source that has no limit of its own.</summary>
    public TimeSpan QuietLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each node has the sources judged and refreshes its tiles' view of them.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sources with their own limit or a name people know them by.</summary>
    public List<FeedSourceOptions> Sources { get; set; } = [];

    public TimeSpan QuietLimitOf(string source) => Find(source)?.QuietLimit ?? QuietLimit;

    public string LabelOf(string source) => Find(source)?.Label is { Length: > 0 } label ? label : source;

    public List<string> Problems()
    {
        var problems = new List<string>();
        CheckLimit(QuietLimit, $"{Section}:QuietLimit", problems);
        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{Section}:CheckInterval must be between 00:00:01 and 00:05:00 (is {CheckInterval}).");
        }

        for (var i = 0; i < Sources.Count; i++)
        {
            var source = Sources[i];
            if (string.IsNullOrWhiteSpace(source.Name))
            {
                problems.Add($"{Section}:Sources:{i}:Name is required (an API key's fingerprint such as key-1a2b3c4d, or twilio:taskrouter, amazon-connect:firehose).");
            }
            else if (Sources.Take(i).Any(s => string.Equals(s.Name, source.Name, StringComparison.Ordinal)))
            {
                problems.Add($"{Section}:Sources:{i}:Name '{source.Name}' is listed twice.");
            }

            if (source.QuietLimit is { } limit)
            {
                CheckLimit(limit, $"{Section}:Sources:{i}:QuietLimit", problems);
            }
        }

        return problems;
    }

    private FeedSourceOptions? Find(string source) => Sources.Find(s => string.Equals(s.Name, source, StringComparison.Ordinal));

    private static void CheckLimit(TimeSpan limit, string key, List<string> problems)
    {
        if (limit < ShortestQuietLimit || limit > LongestQuietLimit)
        {
            problems.Add($"{key} must be between {ShortestQuietLimit} and {LongestQuietLimit} (is {limit}).");
        }
    }
}

public sealed class FeedSourceOptions
{
    /// <summary>The source as feed health knows it (see <c>GET /api/sources</c>).</summary>
    public string Name { get; set; } = "";

    public string? Label { get; set; }

    public TimeSpan? QuietLimit { get; set; }
}

/// <summary>
/// The clock feed health judges silence by. It is the host's <see cref="TimeProvider"/>; it is its own service only
/// so tests can move feed-health time alone while the rest of a real host runs on real time.
/// </summary>
public sealed class FeedClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;
}
