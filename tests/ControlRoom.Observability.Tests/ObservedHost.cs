using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ControlRoom.Observability.Tests;

/// <summary>
/// The real host with a scrape-only key, and one queue whose rule fires while anyone waits (so its status is a
/// steady "warning", not one that changes with the clock during a test). On Kestrel, so a Prometheus can reach it.
/// </summary>
public class ObservedHost() : KestrelControlRoomHost
{
    public const string ScrapeKey = "scrape-only-test-key";

    /// <summary>A second event-source key, so the meter tests see their own <c>source</c> apart from other tests' traffic.</summary>
    public const string MeterKey = "meter-test-source-key";
    public const string WatchedQueue = "obs-watched";

    /// <summary>A second queue with the same rule, for the tests of the rule and alert instruments.</summary>
    public const string RuleQueue = "obs-rules";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Metrics:ApiKeys:0", ScrapeKey),
        new("Ingest:ApiKeys:0", DevelopmentKey),
        new("Ingest:ApiKeys:1", MeterKey),
        .. AnyoneWaitingRule(WatchedQueue),
        .. AnyoneWaitingRule(RuleQueue),
    ];

    private static IEnumerable<KeyValuePair<string, string?>> AnyoneWaitingRule(string queue) =>
    [
        new($"ControlRoom:Queues:{queue}:Rules:0:RuleId", "anyone-waiting"),
        new($"ControlRoom:Queues:{queue}:Rules:0:Metric", "waiting"),
        new($"ControlRoom:Queues:{queue}:Rules:0:Comparison", "Above"),
        new($"ControlRoom:Queues:{queue}:Rules:0:Warning", "0"),
        new($"ControlRoom:Queues:{queue}:Rules:0:Critical", "1000"),
        new($"ControlRoom:Queues:{queue}:Rules:0:ForSeconds", "0"),
    ];

    /// <summary>Observes one of the host's own instruments (the meter comes from the host's IMeterFactory).</summary>
    public MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(Services.GetRequiredService<IMeterFactory>(), Grains.Telemetry.ControlRoomMetrics.MeterName, instrument);

    /// <summary>An HTTP client that presents a key the standard way, as Prometheus does.</summary>
    public HttpClient BearerClient(string key)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ObservedHostCollection : ICollectionFixture<ObservedHost>
{
    public const string Name = "observed host";
}

/// <summary>The same, with anonymous scraping switched on.</summary>
public sealed class AnonymousScrapeHost : ObservedHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("Metrics:AllowAnonymous", "true")];
}
