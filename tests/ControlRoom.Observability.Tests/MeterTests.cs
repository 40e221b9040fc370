using System.Net;
using System.Text;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ControlRoom.Observability.Tests;

/// <summary>ControlRoom's own instruments, observed on the real host as they are recorded.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed class MeterTests(ObservedHost host)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private static readonly string MeterSource = ApiKeyOptions.Fingerprint(ObservedHost.MeterKey);

    [Fact]
    public async Task Ingest_CountsAcceptedDuplicateAndRejectedEventsPerSource_AndTimesEachRequest()
    {
        using var events = host.Collect<long>("controlroom.ingest.events");
        using var durations = host.Collect<double>("controlroom.ingest.duration");
        using var client = host.ApiClient(ObservedHost.MeterKey);
        var id = Guid.NewGuid().ToString("N");
        var first = ContractEvents.Offered($"m-{id}-1", "obs-meter", DateTimeOffset.UtcNow.AddSeconds(-5));

        await client.PostAcceptedAsync(first, ContractEvents.Offered($"m-{id}-2", "obs-meter", DateTimeOffset.UtcNow.AddSeconds(-4)));
        await client.PostAcceptedAsync(first);
        var invalid = ContractEvents.Offered($"m-{id}-3", "obs-meter", DateTimeOffset.UtcNow);
        invalid.Remove("queueId");
        using var refused = await client.PostEventsAsync(ContractEvents.Offered($"m-{id}-4", "obs-meter", DateTimeOffset.UtcNow), invalid);
        using var unreadable = await client.PostAsync("/api/events", new StringContent("{not json", Encoding.UTF8, "application/json"));

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unreadable.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var ours = events.GetMeasurementSnapshot().Where(m => Tag(m.Tags, "source") == MeterSource).ToList();
        Sum(ours, "accepted").Should().Be(2);
        Sum(ours, "duplicate").Should().Be(1);
        Sum(ours, "rejected").Should().Be(2, "both events of the refused request, none of which was applied");
        durations.GetMeasurementSnapshot().Where(m => Tag(m.Tags, "source") == MeterSource).Select(m => Tag(m.Tags, "outcome"))
            .Should().BeEquivalentTo(["accepted", "accepted", "rejected", "unreadable"]);
    }

    [Fact]
    public async Task HubConnections_GoUpOnConnectAndDownOnDisconnect()
    {
        using var connections = host.Collect<long>("controlroom.hub.connections");
        await using var hub = host.Hub();

        await hub.StartAsync();
        await WaitForAsync(connections, m => m.Value == 1 && Tag(m.Tags, "hub") == "WallboardHub");
        await hub.StopAsync();
        await WaitForAsync(connections, m => m.Value == -1 && Tag(m.Tags, "hub") == "WallboardHub");
    }

    [Fact]
    public async Task ABreach_CountsRuleEvaluationsADeviationAnAlertAndItsPushes()
    {
        using var evaluations = host.Collect<long>("controlroom.rules.evaluations");
        using var deviations = host.Collect<long>("controlroom.deviations");
        using var alerts = host.Collect<long>("controlroom.alerts.raised");
        using var pushes = host.Collect<double>("controlroom.push.duration");
        using var client = host.ApiClient();

        await client.PostAcceptedAsync(ContractEvents.Offered($"rule-{Guid.NewGuid():N}", ObservedHost.RuleQueue, DateTimeOffset.UtcNow.AddSeconds(-1)));

        await WaitForAsync(deviations, m => Tag(m.Tags, "metric") == "waiting" && Tag(m.Tags, "severity") == "warning");
        await WaitForAsync(alerts, m => Tag(m.Tags, "metric") == "waiting" && Tag(m.Tags, "severity") == "warning");
        await WaitForAsync(pushes, m => Tag(m.Tags, "path") == "hub" && m.Value >= 0);
        await WaitForAsync(pushes, m => Tag(m.Tags, "path") == "feed" && m.Value >= 0);
        evaluations.GetMeasurementSnapshot().Sum(m => m.Value).Should().BePositive();
    }

    [Fact]
    public void LogLag_IsObservedFromTheRegisteredReader_UntilItIsDisposed()
    {
        // The host's own meter: a second "ControlRoom" meter in this process, disposed at the end of the test, would
        // end the host's metric streams of the same names in its OpenTelemetry provider.
        var metrics = host.Services.GetRequiredService<ControlRoomMetrics>();
        using var lag = host.Collect<long>("controlroom.log.lag");
        using var age = host.Collect<double>("controlroom.log.oldest_unapplied.age");
        var log = $"meter-test-{Guid.NewGuid():N}";
        var reading = new LogLag(42, TimeSpan.FromSeconds(7.5));

        var registration = metrics.ObserveLogLag(log, () => reading);
        lag.RecordObservableInstruments();
        age.RecordObservableInstruments();
        registration.Dispose();
        lag.RecordObservableInstruments();

        lag.GetMeasurementSnapshot().Where(m => Tag(m.Tags, "log") == log).Should().ContainSingle().Which.Value.Should().Be(42);
        age.GetMeasurementSnapshot().Where(m => Tag(m.Tags, "log") == log).Should().ContainSingle().Which.Value.Should().Be(7.5);
    }

    private static long Sum(IEnumerable<CollectedMeasurement<long>> measurements, string outcome) =>
        measurements.Where(m => Tag(m.Tags, "outcome") == outcome).Sum(m => m.Value);

    private static string? Tag(IReadOnlyDictionary<string, object?> tags, string name) => tags.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>Waits on the collector's own signal (each new measurement) until one matches; never a fixed delay.</summary>
    private static async Task WaitForAsync<T>(MetricCollector<T> collector, Func<CollectedMeasurement<T>, bool> match) where T : struct
    {
        var deadline = DateTime.UtcNow + Within;
        while (!collector.GetMeasurementSnapshot().Any(match))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching measurement of {collector.Instrument?.Name}; saw {collector.GetMeasurementSnapshot().Count}.");
            }

            await collector.WaitForMeasurementsAsync(collector.GetMeasurementSnapshot().Count + 1, left);
        }
    }
}
