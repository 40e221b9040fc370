using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Telemetry;

namespace ControlRoom.Observability.Tests;

/// <summary>/metrics itself: who may scrape, the text format, and the queue gauges against the API.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed class ScrapeEndpointTests(ObservedHost host)
{
    public static TheoryData<string, string, HttpStatusCode> Access => new()
    {
        // caller, path, expected
        { "anonymous", "/metrics", HttpStatusCode.Unauthorized },
        { "wrong-key", "/metrics", HttpStatusCode.Unauthorized },
        { "wrong-bearer", "/metrics", HttpStatusCode.Unauthorized },
        { "scrape-bearer", "/metrics", HttpStatusCode.OK },
        { "scrape-header", "/metrics", HttpStatusCode.OK },
        { "source-bearer", "/metrics", HttpStatusCode.OK },
        { "source-header", "/metrics", HttpStatusCode.OK },
        { "viewer", "/metrics", HttpStatusCode.Forbidden },
        { "admin", "/metrics", HttpStatusCode.OK },
        { "scrape-bearer", "/api/queues", HttpStatusCode.Forbidden },
        { "scrape-header", "/api/agents", HttpStatusCode.Forbidden },
        { "source-bearer", "/api/queues", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Metrics_AnswersEachCallerAsItsKeyOrRoleAllows(string caller, string path, HttpStatusCode expected)
    {
        using var client = await ClientFor(caller);

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.Unauthorized)
        {
            response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer", "a scraper is told which scheme to use");
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }
    }

    [Fact]
    public async Task ScrapeKey_IsRefusedByTheHub()
    {
        await using var hub = host.Hub(apiKey: ObservedHost.ScrapeKey);

        var start = () => hub.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Metrics_IsPrometheusTextWithHelpAndTypeForEveryFamily_AndPassesPromtool()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(ContractEvents.Offered($"fmt-{Guid.NewGuid():N}", "obs-format", DateTimeOffset.UtcNow.AddSeconds(-2)));
        using var scraper = host.BearerClient(ObservedHost.ScrapeKey);

        var text = await Eventually.UntilAsync(() => scraper.GetStringAsync("/metrics"), t => t.Contains("queue=\"obs-format\"", StringComparison.Ordinal), "obs-format on /metrics");
        using var response = await scraper.GetAsync("/metrics", HttpCompletionOption.ResponseHeadersRead);

        response.Content.Headers.ContentType!.ToString().Should().Be(MetricsEndpoint.ContentType);
        var families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        families.Should().OnlyHaveUniqueItems("a family appears once, or Prometheus rejects the scrape");
        foreach (var family in families.Where(f => f.StartsWith("controlroom_", StringComparison.Ordinal)))
        {
            text.Should().Contain($"# HELP {family} ", $"{family} explains itself (Orleans leaves some of its own without)");
        }

        foreach (var name in QueueGauges.Names)
        {
            text.Should().Contain($"# TYPE {name} gauge\n");
        }

        text.Should().Contain("# TYPE controlroom_ingest_events_total counter")
            .And.Contain("# TYPE controlroom_ingest_duration_seconds histogram")
            .And.Contain("controlroom_ingest_duration_seconds_bucket{")
            .And.Contain("# TYPE controlroom_rules_evaluations_total counter")
            .And.Contain("# TYPE orleans_grains ", "Orleans' own meter is exported")
            .And.Contain("# TYPE http_server_request_duration_seconds histogram", "ASP.NET Core's meter is exported")
            .And.NotContain("# EOF", "the classic text format, whatever the scraper offers");

        // Prometheus' own linter on ControlRoom's families (Orleans' millisecond histograms are Orleans' choice).
        var ours = string.Join('\n', Family(text, "controlroom_")) + "\n";
        var (exit, output) = await Promtool.RunAsync(ours, "check", "metrics");
        exit.Should().Be(0, output);
        output.Trim().Should().BeEmpty("promtool finds nothing to lint in ControlRoom's families: " + output);
    }

    [Fact]
    public async Task Metrics_OfferingOpenMetrics_StillGetsTheClassicTextWithTheQueueGauges()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(ContractEvents.Offered($"om-{Guid.NewGuid():N}", "obs-openmetrics", DateTimeOffset.UtcNow.AddSeconds(-2)));
        using var scraper = host.BearerClient(ObservedHost.ScrapeKey);
        scraper.DefaultRequestHeaders.Accept.ParseAdd("application/openmetrics-text;version=1.0.0;q=0.9");
        scraper.DefaultRequestHeaders.Accept.ParseAdd("text/plain;version=0.0.4;q=0.5");

        var text = await Eventually.UntilAsync(() => scraper.GetStringAsync("/metrics"), t => t.Contains("queue=\"obs-openmetrics\"", StringComparison.Ordinal), "obs-openmetrics");

        text.Should().NotContain("# EOF").And.Contain("# TYPE controlroom_queue_waiting gauge");
    }

    [Fact]
    public async Task QueueGauges_ShowTheFiguresOfTheQueueSnapshot()
    {
        var queue = "obs-gauges";
        var now = DateTimeOffset.UtcNow;
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(
            ContractEvents.AgentState("obs-g1", "available", now.AddMinutes(-5), queue),
            ContractEvents.Offered("obs-g-c1", queue, now.AddSeconds(-60), channel: "chat"),
            ContractEvents.Answered("obs-g-c1", "obs-g1", now.AddSeconds(-50)),
            ContractEvents.Offered("obs-g-c2", queue, now.AddSeconds(-40), channel: "chat"),
            ContractEvents.Abandoned("obs-g-c2", now.AddSeconds(-10)));
        var expected = QueueFigures.Expected(await api.GetFromJsonAsync<JsonElement>($"/api/queues/{queue}"));
        using var scraper = host.BearerClient(ObservedHost.ScrapeKey);

        var found = await Eventually.UntilAsync(
            async () => QueueFigures.FromText(await scraper.GetStringAsync("/metrics"), queue),
            series => expected.All(e => series.TryGetValue(e.Key, out var s) && s.Value == e.Value),
            $"the gauges of {queue}");

        found.Keys.Except([QueueFigures.LongestWait]).Should().BeEquivalentTo(expected.Keys);
        found.Values.Should().OnlyContain(s => s.Labels["channel"] == "chat");
        expected[QueueFigures.Key("controlroom_queue_service_level_ratio", "rolling30m")].Should().Be(0.5, "one of two judged contacts was answered in time");
        expected[QueueFigures.Key("controlroom_queue_offered", "rolling30m")].Should().Be(2);
    }

    private static IEnumerable<string> Family(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)
            || ((l.StartsWith("# HELP ", StringComparison.Ordinal) || l.StartsWith("# TYPE ", StringComparison.Ordinal)) && l[7..].StartsWith(prefix, StringComparison.Ordinal)));

    private async Task<HttpClient> ClientFor(string caller)
    {
        switch (caller)
        {
            case "anonymous":
                return host.AnonymousClient();
            case "wrong-key":
                return host.ApiClient("wrong");
            case "wrong-bearer":
                return host.BearerClient("wrong");
            case "scrape-bearer":
                return host.BearerClient(ObservedHost.ScrapeKey);
            case "scrape-header":
                return host.ApiClient(ObservedHost.ScrapeKey);
            case "source-bearer":
                return host.BearerClient(ControlRoomHost.DevelopmentKey);
            case "source-header":
                return host.ApiClient();
            default:
                return await host.SignInAsync(caller);
        }
    }
}

/// <summary>With <c>Metrics:AllowAnonymous</c> a scraper needs no key; the API still does.</summary>
public sealed class AnonymousScrapeTests(AnonymousScrapeHost host) : IClassFixture<AnonymousScrapeHost>
{
    [Fact]
    public async Task Metrics_WhenAnonymousScrapingIsConfigured_AnswersWithoutAKey_ButTheApiDoesNot()
    {
        using var client = host.AnonymousClient();

        using var metrics = await client.GetAsync("/metrics");
        using var queues = await client.GetAsync("/api/queues");

        metrics.StatusCode.Should().Be(HttpStatusCode.OK);
        (await metrics.Content.ReadAsStringAsync()).Should().Contain("# TYPE controlroom_queue_waiting gauge");
        queues.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
