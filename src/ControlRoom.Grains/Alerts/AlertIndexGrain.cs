using ControlRoom.Contracts.Alerts;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace ControlRoom.Grains.Alerts;

/// <summary>
/// The queues that have alerts (key 0), and the fan-out of alert changes to the host nodes, whose consoles
/// follow them. Alert changes are rare next to queue updates, so one grain carries them comfortably.
/// </summary>
public sealed class AlertIndexGrain(
    [PersistentState("alert-index", StorageNames.State)] IPersistentState<AlertIndexState> state,
    ILogger<AlertIndexGrain> logger) : Grain, IAlertIndexGrain
{
    private readonly ObserverManager<IAlertObserver> observers = new(TimeSpan.FromMinutes(5), logger);

    public async Task Register(string queueId)
    {
        if (state.State.Queues.Add(queueId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task Changed(AlertChange change) => observers.Notify(o => o.AlertChanged(change));

    public Task<IReadOnlyList<string>> GetQueues() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Queues.Order(StringComparer.Ordinal)]);

    public Task Subscribe(IAlertObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IAlertObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Alias("cr.AlertIndexState")]
public sealed class AlertIndexState
{
    [Id(0)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
}
