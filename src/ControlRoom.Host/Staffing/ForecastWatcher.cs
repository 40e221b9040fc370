using ControlRoom.Contracts.Grains;

namespace ControlRoom.Host.Staffing;

/// <summary>Keeps the cluster's breach forecaster active: every host pings it, so it survives any one host.</summary>
public sealed partial class ForecastWatcher(IGrainFactory grains, TimeProvider clock, ILogger<ForecastWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await grains.GetGrain<IBreachForecastGrain>(0).Watch();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWatchFailed(e); // the silo may still be starting; the next tick tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the breach forecaster; retrying in a minute")]
    private partial void LogWatchFailed(Exception exception);
}
