using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;
using Microsoft.Extensions.Logging;
using ControlRoom.Grains.Live;

namespace ControlRoom.Grains.Staffing;

/// <summary>
/// Raises <c>forecast-service-level</c> deviations (severity warning, metric <c>forecastServiceLevel</c>) when a
/// queue's service level is forecast below target within 30 minutes, and <c>ok</c> when the forecast recovers.
/// One activation for the cluster, so each forecast is pushed once, through its silo's live publisher, to every host's
/// live feed; a forecast is its own message there, not a deviation told apart by its rule id. A node that starts
/// later reads the forecasts in force (<see cref="GetPredictions"/>) when it first joins.
/// </summary>
public sealed partial class BreachForecastGrain(LivePublisher live, TimeProvider clock, ILogger<BreachForecastGrain> logger)
    : Grain, IBreachForecastGrain
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>Queue → its forecast breach in force (since when, how low).</summary>
    private readonly Dictionary<string, Deviation> breaching = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Evaluate, Every, Every);
        return Task.CompletedTask;
    }

    public Task Watch() => Task.CompletedTask;

    public Task<IReadOnlyList<Deviation>> GetPredictions() => Task.FromResult<IReadOnlyList<Deviation>>([.. breaching.Values]);

    /// <summary>The forecasts of the same staffing reading the planner and <c>/forecast</c> compute, so they cannot disagree.</summary>
    private async Task Evaluate(CancellationToken cancellationToken)
    {
        var picture = await GrainFactory.ReadPictureAsync();
        foreach (var outlook in picture.Queues)
        {
            if (Judge(outlook.Forecast) is { } deviation)
            {
                live.Forecast(deviation);
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
