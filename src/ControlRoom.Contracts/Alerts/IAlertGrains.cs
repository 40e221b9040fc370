using ControlRoom.Contracts.Queues;
using Orleans.Concurrency;

namespace ControlRoom.Contracts.Alerts;

/// <summary>The alerts of one queue, open and past (key: queue id).</summary>
[Alias("cr.IAlertBookGrain")]
public interface IAlertBookGrain : IGrainWithStringKey
{
    /// <summary>A deviation of the queue's rule; one-way so the queue grain never waits for alerting.</summary>
    [OneWay, Alias("Observe")]
    Task Observe(Deviation deviation, SlaRule? rule);

    [Alias("GetAlerts")]
    Task<IReadOnlyList<AlertView>> GetAlerts();

    [Alias("GetAlert")]
    Task<AlertView?> GetAlert(string alertId);

    [Alias("Act")]
    Task<AlertCommandResult> Act(string alertId, AlertCommand command);
}

/// <summary>The queues that have alerts, and the fan-out of changes to every host node (key 0).</summary>
[Alias("cr.IAlertIndexGrain")]
public interface IAlertIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Lists the queue among those with alerts (idempotent).</summary>
    [Alias("Register")]
    Task Register(string queueId);

    [OneWay, Alias("Changed")]
    Task Changed(AlertChange change);

    [Alias("GetQueues")]
    Task<IReadOnlyList<string>> GetQueues();

    [Alias("Subscribe")]
    Task Subscribe(IAlertObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IAlertObserver observer);
}

/// <summary>A host node following alert changes for its consoles.</summary>
[Alias("cr.IAlertObserver")]
public interface IAlertObserver : IGrainObserver
{
    [OneWay, Alias("AlertChanged")]
    Task AlertChanged(AlertChange change);
}
