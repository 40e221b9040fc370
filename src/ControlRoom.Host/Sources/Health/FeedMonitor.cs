using ControlRoom.Contracts.Feeds;
using ControlRoom.Grains.Feeds;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Sources.Health;

/// <summary>
/// Has the sources judged every <see cref="FeedHealthOptions.CheckInterval"/> (a silent feed sends nothing that could
/// wake anyone, so the clock must) and keeps this node's <see cref="FeedHealthView"/> current. Every node does it; the
/// grain's verdicts are idempotent, so two nodes judging at once raise one alert.
/// </summary>
public sealed partial class FeedMonitor(IGrainFactory grains, FeedHealthView view, FeedClock clock, IOptions<FeedHealthOptions> options,
    ILogger<FeedMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock.Time);
        do
        {
            try
            {
                view.Update(await grains.GetGrain<IFeedHealthGrain>(0).Check());
            }
            // A cancelled grain call (an activation that timed out) is a failure to retry; only a stop ends the loop.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(ex); // the view keeps its last picture; the next tick tries again
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed health could not be checked; the tiles keep the last picture")]
    private partial void LogCheckFailed(Exception exception);
}
