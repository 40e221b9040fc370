using System.Collections.Concurrent;
using ControlRoom.Contracts.Alerts;

namespace ControlRoom.Host.Alerts;

/// <summary>
/// This node's follower of every alert, for its consoles (Blazor circuits): it subscribes to the alert index
/// and re-subscribes periodically, as <c>ObserverManager</c> expects. Loading the alerts at start also wakes
/// the alert books after a restart, so their snooze and escalation timers run again.
/// </summary>
public sealed partial class AlertFeed(IGrainFactory grains, AlertService alerts, TimeProvider clock, ILogger<AlertFeed> logger)
    : BackgroundService, IAlertObserver
{
    private static readonly TimeSpan Resubscribe = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, AlertView> known = new(StringComparer.Ordinal);

    public event Action<AlertChange>? Changed;

    public IReadOnlyCollection<AlertView> Alerts => (IReadOnlyCollection<AlertView>)known.Values;

    Task IAlertObserver.AlertChanged(AlertChange change)
    {
        Keep(change.Alert);
        Changed?.Invoke(change);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IAlertObserver>(this);
        try
        {
            using var timer = new PeriodicTimer(Resubscribe, clock);
            do
            {
                try
                {
                    await grains.GetGrain<IAlertIndexGrain>(0).Subscribe(reference);
                    foreach (var alert in await alerts.ListAsync(new AlertFilter()))
                    {
                        Keep(alert);
                    }
                }
                // A cancelled grain call (an activation that timed out) is a failure to retry; only a stop ends the loop.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSubscribeFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            grains.DeleteObjectReference<IAlertObserver>(reference);
        }
    }

    /// <summary>Keeps the newest version: a reload may race with a change pushed meanwhile.</summary>
    private void Keep(AlertView alert) =>
        known.AddOrUpdate(alert.Id, alert, (_, old) => old.Version > alert.Version ? old : alert);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not follow alert changes; retrying within a minute")]
    private partial void LogSubscribeFailed(Exception exception);
}
