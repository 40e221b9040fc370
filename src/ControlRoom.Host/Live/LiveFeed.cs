using System.Collections.Concurrent;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Live;

/// <summary>
/// This node's single observer of every queue and agent grain, wherever in the cluster they live, and its one live
/// cache: the boards of this node (Blazor circuits) read from it and <see cref="WallboardPublisher"/> sends its changes
/// to this node's hub connections, so every change reaches a screen by this one path. It re-subscribes periodically, as <c>ObserverManager</c> expects,
/// and notices new queues through the directory.
/// </summary>
public sealed partial class LiveFeed(IGrainFactory grains, LiveQueries queries, ControlRoomMetrics metrics, TimeProvider clock, ILogger<LiveFeed> logger)
    : BackgroundService, ILiveObserver
{
    private static readonly TimeSpan Resubscribe = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, QueueSnapshot> queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentSnapshot> agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Deviation> predictions = new(StringComparer.Ordinal);

    /// <summary>The last level each queue's rule was heard at, so a breach is announced once.</summary>
    private readonly ConcurrentDictionary<(string QueueId, string RuleId), Severity> levels = new();
    private ILiveObserver? reference;

    public event Action<QueueSnapshot>? QueueChanged;

    public event Action<Deviation>? DeviationRaised;

    public event Action<AgentSnapshot>? AgentChanged;

    /// <summary>A forecast raised, moved or recovered (its own message: forecasts live in the forecaster, not in queues).</summary>
    public event Action<Deviation>? ForecastChanged;

    /// <summary>When the feed last heard from the grains (any update); screens use it to tell live from stale.</summary>
    public DateTimeOffset LastHeard { get; private set; }

    public IReadOnlyCollection<QueueSnapshot> Queues => (IReadOnlyCollection<QueueSnapshot>)queues.Values;

    public IReadOnlyCollection<AgentSnapshot> Agents => (IReadOnlyCollection<AgentSnapshot>)agents.Values;

    /// <summary>Forecast breaches in force (one per queue): they live in the forecaster, not in queue snapshots.</summary>
    public IReadOnlyCollection<Deviation> Predictions => (IReadOnlyCollection<Deviation>)predictions.Values;

    Task ILiveObserver.QueueUpdated(QueueSnapshot snapshot)
    {
        queues[snapshot.QueueId] = snapshot;
        LastHeard = clock.GetUtcNow();
        metrics.Pushed("feed", LastHeard - snapshot.AsOf);
        QueueChanged?.Invoke(snapshot);
        return Task.CompletedTask;
    }

    Task ILiveObserver.DeviationRaised(Deviation deviation)
    {
        LastHeard = clock.GetUtcNow();
        levels[(deviation.QueueId, deviation.RuleId)] = deviation.Severity;
        DeviationRaised?.Invoke(deviation);
        return Task.CompletedTask;
    }

    Task ILiveObserver.ForecastChanged(Deviation forecast)
    {
        LastHeard = clock.GetUtcNow();
        Predict(forecast);
        ForecastChanged?.Invoke(forecast);
        return Task.CompletedTask;
    }

    async Task ILiveObserver.QueueAdded(string queueId)
    {
        if (reference is not null)
        {
            var grain = grains.GetGrain<IQueueGrain>(queueId);
            await grain.Subscribe(reference);

            // The queue's first snapshot may have been published before this subscription: fetch it, so the queue
            // appears on the boards with its first event rather than with its next change.
            if (await grain.GetSnapshot() is { } snapshot && queues.TryAdd(queueId, snapshot))
            {
                LastHeard = clock.GetUtcNow();
                AnnounceBreaches(snapshot);
                QueueChanged?.Invoke(snapshot);
            }
        }
    }

    async Task ILiveObserver.AgentAdded(string agentId)
    {
        if (reference is not null)
        {
            var grain = grains.GetGrain<IAgentGrain>(agentId);
            await grain.Subscribe(reference);

            // As for queues: the first state may have been published before this subscription.
            if (await grain.GetSnapshot() is { } snapshot && agents.TryAdd(agentId, snapshot))
            {
                LastHeard = clock.GetUtcNow();
                AgentChanged?.Invoke(snapshot);
            }
        }
    }

    Task ILiveObserver.AgentUpdated(AgentSnapshot snapshot)
    {
        agents[snapshot.AgentId] = snapshot;
        LastHeard = clock.GetUtcNow();
        AgentChanged?.Invoke(snapshot);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        reference = grains.CreateObjectReference<ILiveObserver>(this);
        try
        {
            using var timer = new PeriodicTimer(Resubscribe, clock);
            do
            {
                // A failed round (the silo still starting, a node being replaced) is tried again within seconds: until
                // it succeeds this node's screens would miss the forecaster and any grain not yet subscribed.
                while (!await TrySubscribeEverything(reference))
                {
                    await Task.Delay(RetryAfterFailure, clock, stoppingToken);
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
            grains.DeleteObjectReference<ILiveObserver>(reference);
        }
    }

    private async Task<bool> TrySubscribeEverything(ILiveObserver observer)
    {
        try
        {
            await SubscribeEverything(observer);
            return true;
        }
        catch (Exception ex)
        {
            // Any failure, a cancelled grain call included (an activation that timed out on a node being replaced),
            // is a failed round: the loop tries again; only its own wait ends on a stop.
            LogSubscribeFailed(ex);
            return false;
        }
    }

    private async Task SubscribeEverything(ILiveObserver observer)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(0);
        await directory.Subscribe(observer);
        var queueIds = await directory.GetQueues();
        await Task.WhenAll(queueIds.Select(id => grains.GetGrain<IQueueGrain>(id).Subscribe(observer)));
        var agentIds = await directory.GetAgents();
        await Task.WhenAll(agentIds.Select(id => grains.GetGrain<IAgentGrain>(id).Subscribe(observer)));

        foreach (var snapshot in await queries.QueuesAsync())
        {
            queues.TryAdd(snapshot.QueueId, snapshot);
        }

        var forecaster = grains.GetGrain<IBreachForecastGrain>(0);
        await forecaster.Subscribe(observer);
        var current = await queries.PredictionsAsync();
        foreach (var queueId in predictions.Keys.Except(current.Select(p => p.QueueId)))
        {
            predictions.TryRemove(queueId, out _);
        }

        foreach (var prediction in current)
        {
            Predict(prediction);
        }
    }

    /// <summary>
    /// A new queue judges its first events before this node follows it, so the deviations of those went to nobody
    /// here: the breaches in force in its first snapshot are announced as they would have been.
    /// </summary>
    private void AnnounceBreaches(QueueSnapshot snapshot)
    {
        foreach (var breach in snapshot.Breaches)
        {
            if (levels.TryAdd((snapshot.QueueId, breach.RuleId), breach.Severity))
            {
                DeviationRaised?.Invoke(new Deviation(snapshot.QueueId, breach.RuleId, breach.Metric, breach.Severity, breach.Value,
                    breach.Threshold, breach.Since, snapshot.AsOf));
            }
        }
    }

    private void Predict(Deviation deviation)
    {
        if (deviation.Severity == Severity.Ok)
        {
            predictions.TryRemove(deviation.QueueId, out _);
        }
        else
        {
            predictions[deviation.QueueId] = deviation;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to live updates; retrying in a second")]
    private partial void LogSubscribeFailed(Exception exception);
}
