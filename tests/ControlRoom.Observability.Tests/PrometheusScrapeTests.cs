using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Security;

namespace ControlRoom.Observability.Tests;

/// <summary>A real Prometheus scrapes the real host over HTTP with a bearer key, and its query API gives the board's figures.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed class PrometheusScrapeTests(ObservedHost host)
{
    private const string Queue = ObservedHost.WatchedQueue;

    [Fact]
    public async Task Prometheus_QueriedAfterScraping_ReturnsEveryQueueFigureAsTheApiShowsIt()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(WatchedTraffic.Events(DateTimeOffset.UtcNow));
        var snapshot = await api.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}");
        var expected = QueueFigures.Expected(snapshot);
        await using var prometheus = await PrometheusServer.StartAsync(host.BaseAddress, ObservedHost.ScrapeKey);

        // The node's feed receives the queue's snapshot a moment after the POST returns: wait until a scrape saw it settled.
        var selector = $"{{__name__=~\"controlroom_queue_.+\",queue=\"{Queue}\"}}";
        var scraped = await Eventually.UntilAsync(
            async () => (await prometheus.QueryAsync(selector)).ToDictionary(r => QueueFigures.Key(r.Labels["__name__"], r.Labels), r => r, StringComparer.Ordinal),
            series => expected.All(e => series.TryGetValue(e.Key, out var s) && s.Value == e.Value),
            $"prometheus to report the figures of {Queue} ({string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}); prometheus said: {prometheus.Output}",
            TimeSpan.FromSeconds(45));

        scraped.Keys.Except([QueueFigures.LongestWait]).Should().BeEquivalentTo(expected.Keys, "every gauge of the queue is scraped, and nothing the API does not show");
        foreach (var (key, value) in expected)
        {
            scraped[key].Value.Should().BeApproximately(value, 1e-9, key);
            scraped[key].Labels["channel"].Should().Be("voice");
            scraped[key].Labels["job"].Should().Be("controlroom");
        }

        expected["controlroom_queue_status"].Should().Be(1, "the watched queue's rule fires while anyone waits");
        expected["controlroom_queue_waiting"].Should().Be(1);

        // The longest wait moves with the clock: what Prometheus scraped, aged to the moment of the API's answer.
        var wait = scraped[QueueFigures.LongestWait];
        var now = await api.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}");
        var aged = wait.Value + (now.GetProperty("asOf").GetDateTimeOffset().ToUnixTimeMilliseconds() / 1000.0 - wait.Time);
        aged.Should().BeApproximately(now.GetProperty("longestWaitSeconds").GetDouble(), 3);
    }

    [Fact]
    public async Task Prometheus_SeesTheTargetUpAndTheIngestCounterOfTheSourcesKey()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(ContractEvents.Offered($"obs-up-{Guid.NewGuid():N}", "obs-up", DateTimeOffset.UtcNow.AddSeconds(-3)));
        await using var prometheus = await PrometheusServer.StartAsync(host.BaseAddress, ObservedHost.ScrapeKey);
        var source = ApiKeyOptions.Fingerprint(ControlRoomHost.DevelopmentKey);

        var accepted = await Eventually.UntilAsync(
            () => prometheus.QueryAsync($"controlroom_ingest_events_total{{source=\"{source}\",outcome=\"accepted\"}}"),
            r => r.Count == 1 && r[0].Value >= 1,
            $"the ingest counter of {source}; prometheus said: {prometheus.Output}",
            TimeSpan.FromSeconds(45));
        var up = await prometheus.QueryAsync("up{job=\"controlroom\"}");

        accepted[0].Labels["otel_scope_name"].Should().Be("ControlRoom");
        up.Should().ContainSingle().Which.Value.Should().Be(1, "the scrape with the bearer key succeeded");
    }
}
