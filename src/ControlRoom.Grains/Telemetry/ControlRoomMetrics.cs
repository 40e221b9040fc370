using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Grains.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlRoom.Grains.Telemetry;

/// <summary>
/// ControlRoom's own instruments (meter <c>ControlRoom</c>), one method per thing worth counting. Names and units
/// follow the OpenTelemetry conventions; Prometheus sees them with dots as underscores, the unit as a suffix
/// (<c>_seconds</c>) and <c>_total</c> on counters (docs/operations.md lists every one). Every attribute has a
/// small, bounded set of values: a queue id is never an attribute here (the queue gauges on /metrics carry queues).
/// </summary>
public sealed class ControlRoomMetrics
{
    public const string MeterName = "ControlRoom";

    /// <summary>The <c>source</c> of events played by the built-in simulator.</summary>
    public const string SimulatorSource = "simulator";

    /// <summary>Latencies of this system: sub-millisecond to seconds (the OpenTelemetry default buckets are for milliseconds).</summary>
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private readonly Counter<long> ingestEvents;
    private readonly Histogram<double> ingestDuration;
    private readonly Histogram<double> applyDuration;
    private readonly Counter<long> ruleEvaluations;
    private readonly Counter<long> deviations;
    private readonly Counter<long> alertsRaised;
    private readonly Histogram<double> pushDuration;
    private readonly UpDownCounter<long> hubConnections;
    private readonly UpDownCounter<long> circuits;
    private readonly ConcurrentDictionary<string, Func<LogLag>> logLag = new(StringComparer.Ordinal);

    public ControlRoomMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        ingestEvents = meter.CreateCounter<long>("controlroom.ingest.events", "{event}",
            "Events received from sources, by outcome: accepted (new), duplicate (an eventId seen before), rejected (the request was refused; nothing of it applied).");
        ingestDuration = meter.CreateHistogram("controlroom.ingest.duration", "s",
            "From a batch of events received to every event in it applied (accepted) or refused, by outcome.", advice: LatencyBuckets);
        applyDuration = meter.CreateHistogram("controlroom.apply.duration", "s",
            "From an event appended to the ingest log to its change applied by its grains.", advice: LatencyBuckets);
        meter.CreateObservableGauge("controlroom.log.lag", ObserveUnapplied, "{entry}",
            "Entries of the ingest log (one per request and log partition) appended but not yet applied by the grains.");
        meter.CreateObservableGauge("controlroom.log.oldest_unapplied.age", ObserveOldestAge, "s",
            "Age of the oldest log entry not yet applied (0 when everything is applied).");
        ruleEvaluations = meter.CreateCounter<long>("controlroom.rules.evaluations", "{evaluation}",
            "SLA rules judged against a queue's figures (each rule of each judgement counts once).");
        deviations = meter.CreateCounter<long>("controlroom.deviations", "{deviation}",
            "Rule deviations published by queues: warning, critical, or ok for a recovery.");
        alertsRaised = meter.CreateCounter<long>("controlroom.alerts.raised", "{alert}",
            "Alerts opened (one per queue and rule episode).");
        pushDuration = meter.CreateHistogram("controlroom.push.duration", "s",
            "From a queue's figures computed (the snapshot's asOf) to the update handed to the hub or this node's boards, by path.",
            advice: LatencyBuckets);
        hubConnections = meter.CreateUpDownCounter<long>("controlroom.hub.connections", "{connection}",
            "SignalR connections open on this node's integration hub.");
        circuits = meter.CreateUpDownCounter<long>("controlroom.blazor.circuits", "{circuit}",
            "Blazor circuits (boards and consoles in browsers) open on this node.");
    }

    /// <summary>Starts timing one ingest request (or simulator slice) of <paramref name="source"/>.</summary>
    public IngestMeasurement StartIngest(string source, TimeProvider clock) => new(this, clock, source, clock.GetTimestamp());

    /// <summary>A batch a source sent was applied: <paramref name="accepted"/> new events and <paramref name="duplicates"/> seen before.</summary>
    public void EventsIngested(string source, int accepted, int duplicates)
    {
        Add(ingestEvents, accepted, source, IngestOutcome.Accepted);
        Add(ingestEvents, duplicates, source, IngestOutcome.Duplicate);
    }

    /// <summary>A request of <paramref name="count"/> events was refused whole (nothing of it applied).</summary>
    public void EventsRejected(string source, int count) => Add(ingestEvents, count, source, IngestOutcome.Rejected);

    /// <summary>One ingest request (or simulator slice) ended; <paramref name="outcome"/> is an <see cref="IngestOutcome"/> word.</summary>
    public void IngestCompleted(string source, string outcome, TimeSpan elapsed) =>
        ingestDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>For the durable log: an entry appended <paramref name="sinceAppended"/> ago has been applied by its grains.</summary>
    public void EventApplied(TimeSpan sinceAppended) => applyDuration.Record(sinceAppended.TotalSeconds);

    /// <summary>
    /// For the durable log: registers how to read its lag, observed on every collection (a Prometheus scrape, an
    /// OTLP export) and labelled <c>log</c>. Dispose the result to stop observing (a log closed on shutdown).
    /// </summary>
    public IDisposable ObserveLogLag(string log, Func<LogLag> read)
    {
        logLag[log] = read;
        return new Unregister(() => logLag.TryRemove(log, out _));
    }

    public void RulesEvaluated(int rules)
    {
        if (rules > 0)
        {
            ruleEvaluations.Add(rules);
        }
    }

    public void DeviationRaised(Deviation deviation) => deviations.Add(1,
        new KeyValuePair<string, object?>("severity", Word(deviation.Severity)), new KeyValuePair<string, object?>("metric", deviation.Metric));

    public void AlertRaised(AlertView alert) => alertsRaised.Add(1,
        new KeyValuePair<string, object?>("severity", Word(alert.Severity)), new KeyValuePair<string, object?>("metric", alert.Metric));

    /// <summary>An update computed <paramref name="sinceComputed"/> ago reached its push path (<c>hub</c>, <c>feed</c>).</summary>
    public void Pushed(string path, TimeSpan sinceComputed) =>
        pushDuration.Record(Math.Max(0, sinceComputed.TotalSeconds), new KeyValuePair<string, object?>("path", path));

    public void HubConnected(string hub) => hubConnections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void HubDisconnected(string hub) => hubConnections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void CircuitOpened() => circuits.Add(1);

    public void CircuitClosed() => circuits.Add(-1);

    private static void Add(Counter<long> counter, int count, string source, string outcome)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static string Word(Severity severity) => severity switch
    {
        Severity.Warning => "warning",
        Severity.Critical => "critical",
        _ => "ok",
    };

    private IEnumerable<Measurement<long>> ObserveUnapplied() =>
        logLag.Select(r => new Measurement<long>(r.Value().Unapplied, new KeyValuePair<string, object?>("log", r.Key)));

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        logLag.Select(r => new Measurement<double>(Math.Max(0, r.Value().OldestUnappliedAge.TotalSeconds), new KeyValuePair<string, object?>("log", r.Key)));

    private sealed class Unregister(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>The outcome words of <c>controlroom.ingest.events</c> and <c>controlroom.ingest.duration</c>.</summary>
public static class IngestOutcome
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";

    /// <summary>Events of a refused request; as a request outcome, one refused for invalid events.</summary>
    public const string Rejected = "rejected";

    public const string TooLarge = "too_large";
    public const string Unreadable = "unreadable";

    /// <summary>Refused with 503: the log could not be written, or what was logged was not applied in time.</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>One ingest request being timed: ends as <see cref="Applied"/> or <see cref="Refused"/>.</summary>
public readonly record struct IngestMeasurement(ControlRoomMetrics Metrics, TimeProvider Clock, string Source, long Started)
{
    public void Applied(IngestResult result)
    {
        Metrics.EventsIngested(Source, result.Accepted, result.Duplicates);
        Metrics.IngestCompleted(Source, IngestOutcome.Accepted, Clock.GetElapsedTime(Started));
    }

    /// <summary>The request was refused whole: <paramref name="outcome"/> says why, <paramref name="events"/> how many it held (0 when unknown).</summary>
    public void Refused(string outcome, int events)
    {
        Metrics.EventsRejected(Source, events);
        Metrics.IngestCompleted(Source, outcome, Clock.GetElapsedTime(Started));
    }
}

/// <summary>How far the grains are behind the ingest log.</summary>
public readonly record struct LogLag(long Unapplied, TimeSpan OldestUnappliedAge);

/// <summary>Counts alerts as their books open them; registered beside the hub's sink, so no grain code changes for it.</summary>
public sealed class AlertMetricsSink(ControlRoomMetrics metrics) : IAlertSink
{
    public void AlertChanged(AlertChange change)
    {
        if (change.Action == AlertAction.Raised)
        {
            metrics.AlertRaised(change.Alert);
        }
    }
}

public static class ControlRoomMetricsRegistration
{
    /// <summary>The meter (through <see cref="IMeterFactory"/>, so tests observe it with <c>MetricCollector</c>) and the alert counter.</summary>
    public static IServiceCollection AddControlRoomMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ControlRoomMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, AlertMetricsSink>());
        return services;
    }
}
