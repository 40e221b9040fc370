using System.Text.Json;
using System.Text.RegularExpressions;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ControlRoom.Observability.Tests;

/// <summary>The Prometheus configuration, alert rules and Grafana dashboard in deploy/: valid, and naming only metrics the host exports.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed partial class DeployFilesTests(ObservedHost host)
{
    private static string Deploy(params string[] parts) => Path.Combine([RepositoryPaths.Root, "deploy", .. parts]);

    [Fact]
    public async Task AlertRules_PassPromtool()
    {
        var (exit, output) = await Promtool.RunAsync(null, "check", "rules", Deploy("prometheus", "controlroom-alerts.yml"));

        exit.Should().Be(0, output);
    }

    [Fact]
    public async Task ScrapeConfiguration_PassesPromtool()
    {
        var (exit, output) = await Promtool.RunAsync(null, "check", "config", "--syntax-only", Deploy("prometheus", "prometheus.yml"));

        exit.Should().Be(0, output);
    }

    [Fact]
    public void Dashboard_IsGrafanaJsonWithThePanelsOfTheQueueGauges()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Deploy("grafana", "controlroom-dashboard.json")));
        var root = dashboard.RootElement;
        var expressions = root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();

        root.GetProperty("uid").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("__inputs")[0].GetProperty("pluginId").GetString().Should().Be("prometheus");
        foreach (var metric in new[]
        {
            "controlroom_queue_waiting", "controlroom_queue_longest_wait_seconds", "controlroom_queue_service_level_ratio{",
            "controlroom_queue_agents", "controlroom_queue_status",
        })
        {
            expressions.Should().Contain(e => e.Contains(metric, StringComparison.Ordinal), $"a panel shows {metric}");
        }

        expressions.Should().Contain(e => e.Contains("window=\"today\"", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("window=\"rolling30m\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RulesAndDashboard_NameOnlyMetricsTheHostExports()
    {
        // The durable log registers its lag reader when it exists; this one stands in for it, so its names are exported.
        using var lag = host.Services.GetRequiredService<ControlRoomMetrics>().ObserveLogLag("deploy-test", () => new LogLag(0, TimeSpan.Zero));
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(ContractEvents.Offered($"deploy-{Guid.NewGuid():N}", "obs-deploy", DateTimeOffset.UtcNow.AddSeconds(-1)));
        var used = File.ReadAllText(Deploy("prometheus", "controlroom-alerts.yml")) + File.ReadAllText(Deploy("grafana", "controlroom-dashboard.json"));
        var names = MetricName().Matches(used).Select(m => m.Value).Select(n => n.EndsWith("_bucket", StringComparison.Ordinal) ? n[..^"_bucket".Length] : n).ToHashSet();
        using var scraper = host.BearerClient(ObservedHost.ScrapeKey);

        var exported = await Eventually.UntilAsync(
            async () => (await scraper.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(),
            families => families.Contains("controlroom_log_lag") && families.Contains("controlroom_queue_waiting"),
            "the log-lag and queue families on /metrics");

        names.Should().NotBeEmpty().And.BeSubsetOf(exported, "every metric a rule or panel uses is one the host exports");
    }

    [GeneratedRegex(@"\b(controlroom|orleans)_[a-z0-9_]*[a-z0-9]\b")]
    private static partial Regex MetricName();
}
