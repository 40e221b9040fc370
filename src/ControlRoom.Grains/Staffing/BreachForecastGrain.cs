using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace ControlRoom.Grains.Staffing;

/// <summary>
/// Raises <c>forecast-service-level</c> deviations (severity warning, metric <c>forecastServiceLevel</c>) when a
/// queue's service level is forecast below target within 30 minutes, and <c>ok</c> when the forecast recovers.
/// One activation for the cluster, so each forecast is pushed once to every host's live feed, which subscribes as an
/// observer; a forecast is its own message there, not a deviation told apart by its rule id.
/// </summary>
public sealed partial class BreachForecastGrain(TimeProvider clock, ILogger<BreachForecastGrain> logger)
    : Grain, IBreachForecastGrain
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>Queue → its forecast breach in force (since when, how low).</summary>
    private readonly Dictionary<string, Deviation> breaching = new(StringComparer.Ordinal);

    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Evaluate, Every, Every);
        return Task.CompletedTask;
    }

    public Task Watch() => Task.CompletedTask;

    public Task<IReadOnlyList<Deviation>> GetPredictions() => Task.FromResult<IReadOnlyList<Deviation>>([.. breaching.Values]);

    public async Task Subscribe(ILiveObserver observer)
    {
        var joining = !observers.Observers.ContainsKey(observer);
        observers.Subscribe(observer, observer);
        if (joining)
        {
            // A node that subscribes after a breach was forecast (it started later, or its first round failed) is
            // told the forecasts in force, once: its banners must not wait for the forecast to move again.
            foreach (var forecast in breaching.Values)
            {
                await observer.ForecastChanged(forecast);
            }
        }
    }

    /// <summary>The forecasts of the same staffing reading the planner and <c>/forecast</c> compute, so they cannot disagree.</summary>
    private async Task Evaluate(CancellationToken cancellationToken)
    {
        var picture = await GrainFactory.ReadPictureAsync();
        foreach (var outlook in picture.Queues)
        {
            if (Judge(outlook.Forecast) is { } deviation)
            {
                await observers.Notify(o => o.ForecastChanged(deviation));
            }
        }
    }

    /// <returns>
    /// The deviation to push when the forecast crossed the target either way, or when a breach in force is forecast at
    /// another whole percent (the banner shows what <c>/forecast</c> says, not the value of its first minute); null
    /// when nothing changed.
    /// </returns>
    private Deviation? Judge(QueueForecast forecast)
    {
        var now = clock.GetUtcNow();
        var was = breaching.TryGetValue(forecast.QueueId, out var previous);
        if (forecast.Breach == was && (!was || Math.Round(previous!.Value) == Math.Round(forecast.Lowest ?? 100)))
        {
            return null;
        }

        var severity = forecast.Breach ? Severity.Warning : Severity.Ok;
        var since = previous?.Since ?? now;
        var deviation = new Deviation(forecast.QueueId, BreachForecast.RuleId, BreachForecast.Metric, severity,
            forecast.Lowest ?? 100, forecast.TargetServiceLevel, since, now);
        if (forecast.Breach)
        {
            breaching[forecast.QueueId] = deviation;
        }
        else
        {
            breaching.Remove(forecast.QueueId);
        }

        LogForecast(forecast.QueueId, severity, forecast.Lowest ?? 100, forecast.TargetServiceLevel);
        return deviation;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} service level forecast is {Severity}: {Value} against {Target}")]
    private partial void LogForecast(string queueId, Severity severity, double value, double target);
}
