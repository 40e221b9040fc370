using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Alerts;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Grains.Alerts;

/// <summary>
/// The alerts of one queue (key: queue id). Every change is written before it is announced, because the alerts
/// are the audit trail; a one-shot timer wakes the book when a snooze ends or an escalation falls due.
/// </summary>
public sealed partial class AlertBookGrain(
    [PersistentState("alerts", StorageNames.State)] IPersistentState<AlertBook> state,
    IEnumerable<IAlertSink> sinks,
    TimeProvider clock,
    ILogger<AlertBookGrain> logger) : Grain, IAlertBookGrain
{
    /// <summary>The timer fires at least this often while something is due, so the book stays active until then.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    private readonly IAlertSink[] sinks = [.. sinks];
    private IGrainTimer? timer;
    private bool indexed;

    private AlertBook Book => state.State;

    private IAlertIndexGrain Index => GrainFactory.GetGrain<IAlertIndexGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule();
        return Task.CompletedTask;
    }

    public async Task Observe(Deviation deviation, SlaRule? rule)
    {
        var changes = Book.Observe(deviation, rule, clock.GetUtcNow());
        await Announce(changes);
    }

    public Task<IReadOnlyList<AlertView>> GetAlerts() =>
        Task.FromResult<IReadOnlyList<AlertView>>([.. Book.Alerts.Select(a => a.ToView())]);

    public Task<AlertView?> GetAlert(string alertId) => Task.FromResult(Book.Find(alertId)?.ToView());

    public async Task<AlertCommandResult> Act(string alertId, AlertCommand command)
    {
        var result = Book.Act(alertId, command, clock.GetUtcNow(), out var change);
        if (change is not null)
        {
            await Announce([change]);
        }

        return result;
    }

    private async Task Announce(IReadOnlyList<AlertChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await state.WriteStateAsync();
        if (!indexed)
        {
            // Awaited once per activation, so the alert lists can find this queue as soon as its first alert exists.
            await Index.Register(this.GetPrimaryKeyString());
            indexed = true;
        }

        foreach (var change in changes)
        {
            LogChange(change.Alert.Id, change.Action, change.Alert.Status, change.Alert.Severity);
            foreach (var sink in sinks)
            {
                sink.AlertChanged(change);
            }

            await Index.Changed(change);
        }

        Schedule();
    }

    private void Schedule()
    {
        timer?.Dispose();
        timer = null;
        if (Book.NextDueAt is not { } due)
        {
            return;
        }

        var wait = due - clock.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestSleep ? LongestSleep : wait;
        timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var changes = Book.Tick(clock.GetUtcNow());
        if (changes.Count == 0)
        {
            Schedule();
            return;
        }

        await Announce(changes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} {Action}: now {Status}, {Severity}")]
    private partial void LogChange(string alertId, AlertAction action, AlertStatus status, Severity severity);
}
