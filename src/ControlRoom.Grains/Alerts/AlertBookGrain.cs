using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Alerts;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace ControlRoom.Grains.Alerts;

/// <summary>
/// The alerts of one queue (key: queue id). Every change is written before it is announced, because the alerts
/// are the audit trail; a one-shot timer wakes the book when a snooze ends or an escalation falls due. When the
/// store cannot be written, a person's action is undone and refused (the API answers 503), while what the rules
/// raised is kept and written again with doubling back-off, and announced once it is saved.
/// </summary>
public sealed partial class AlertBookGrain(
    [PersistentState("alerts", StorageNames.State)] IPersistentState<AlertBook> state,
    IEnumerable<IAlertSink> sinks,
    DeepCopier<AlertBook> copier,
    TimeProvider clock,
    ILogger<AlertBookGrain> logger) : Grain, IAlertBookGrain
{
    /// <summary>The timer fires at least this often while something is due, so the book stays active until then.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly IAlertSink[] sinks = [.. sinks];

    /// <summary>Changes saved in memory but not yet written (nor announced), oldest first.</summary>
    private readonly List<AlertChange> unsaved = [];
    private IGrainTimer? timer;
    private IGrainTimer? retry;
    private TimeSpan retryDelay = FirstRetry;
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
        await Save(changes);
    }

    public Task<IReadOnlyList<AlertView>> GetAlerts() =>
        Task.FromResult<IReadOnlyList<AlertView>>([.. Book.Alerts.Select(a => a.ToView())]);

    public Task<AlertView?> GetAlert(string alertId) => Task.FromResult(Book.Find(alertId)?.ToView());

    public async Task<AlertCommandResult> Act(string alertId, AlertCommand command)
    {
        var before = copier.Copy(Book);
        var result = Book.Act(alertId, command, clock.GetUtcNow(), out var change);
        if (change is null)
        {
            return result;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // A person's action that is not saved did not happen: they are told (503) and may try again.
            state.State = before;
            throw;
        }

        unsaved.Add(change);
        await Announce();
        return result;
    }

    /// <summary>Writes the book with the rules' changes; if the store is down they are kept and written again later.</summary>
    private Task Save(IReadOnlyList<AlertChange> changes)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        unsaved.AddRange(changes);
        return retry is null ? WritePending() : Task.CompletedTask; // a retry is scheduled: it writes these too
    }

    private async Task WritePending()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex, this.GetPrimaryKeyString(), unsaved.Count, retryDelay);
            retry = this.RegisterGrainTimer(RetryWrite, new GrainTimerCreationOptions(retryDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            retryDelay = retryDelay * 2 > LongestRetry ? LongestRetry : retryDelay * 2;
            return;
        }

        retryDelay = FirstRetry;
        await Announce();
    }

    private Task RetryWrite(CancellationToken cancellationToken)
    {
        retry?.Dispose();
        retry = null;
        return WritePending();
    }

    /// <summary>Announces every saved change, in order.</summary>
    private async Task Announce()
    {
        var changes = unsaved.ToList();
        unsaved.Clear();
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

        await Save(changes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerts of {QueueId} could not be saved ({Count} changes pending); retrying in {Delay}")]
    private partial void LogWriteFailed(Exception exception, string queueId, int count, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} {Action}: now {Status}, {Severity}")]
    private partial void LogChange(string alertId, AlertAction action, AlertStatus status, Severity severity);
}
