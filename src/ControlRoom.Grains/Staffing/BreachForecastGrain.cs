using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;
using ControlRoom.Grains.Live;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Grains.Staffing;

/// <summary>
/// Raises <c>forecast-service-level</c> deviations (severity warning, metric <c>forecastServiceLevel</c>) when a
/// queue's service level is forecast below target within 30 minutes, and <c>ok</c> when the forecast recovers.
/// One activation for the cluster, so each forecast deviation is pushed once.
/// </summary>
public sealed partial class BreachForecastGrain(ILiveUpdateSink sink, TimeProvider clock, ILogger<BreachForecastGrain> logger)
    : Grain, IBreachForecastGrain
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>Queue → since when its forecast has been a breach.</summary>
    private readonly Dictionary<string, DateTimeOffset> breaching = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Evaluate, Every, Every);
        return Task.CompletedTask;
    }

    public Task Watch() => Task.CompletedTask;

    private async Task Evaluate(CancellationToken cancellationToken)
    {
        var ids = await GrainFactory.GetGrain<IDirectoryGrain>(0).GetQueues();
        foreach (var queueId in ids)
        {
            var grain = GrainFactory.GetGrain<IQueueGrain>(queueId);
            if (await grain.GetSnapshot() is not { } snapshot)
            {
                continue;
            }

            var (from, to) = BreachForecast.HistoryWindow(snapshot.AsOf);
            var forecast = BreachForecast.Forecast(snapshot, await grain.GetIntervals(from, to));
            Judge(forecast);
        }
    }

    private void Judge(QueueForecast forecast)
    {
        var now = clock.GetUtcNow();
        var was = breaching.TryGetValue(forecast.QueueId, out var since);
        if (forecast.Breach == was)
        {
            return;
        }

        if (forecast.Breach)
        {
            since = now;
            breaching[forecast.QueueId] = now;
        }
        else
        {
            breaching.Remove(forecast.QueueId);
        }

        var severity = forecast.Breach ? Severity.Warning : Severity.Ok;
        LogForecast(forecast.QueueId, severity, forecast.Lowest ?? 100, forecast.TargetServiceLevel);
        sink.DeviationRaised(new Deviation(forecast.QueueId, BreachForecast.RuleId, BreachForecast.Metric, severity,
            forecast.Lowest ?? 100, forecast.TargetServiceLevel, since, now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} service level forecast is {Severity}: {Value} against {Target}")]
    private partial void LogForecast(string queueId, Severity severity, double value, double target);
}
