using System.Collections.Concurrent;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Live;

/// <summary>
/// This node's one live cache, fed by every silo's <c>LivePublisher</c> through one observer (as GPSTracker's hub
/// list): the boards of this node (Blazor circuits) read from it and <see cref="WallboardPublisher"/> sends its changes
/// to this node's hub connections, so every change reaches a screen by this one path. The node joins the list of live
/// nodes at start and every minute (one call, however many grains there are); when the list did not know it (its
/// first join, or the list was lost) it reads queues, agents and forecasts, since it may have missed changes.
/// </summary>
public sealed partial class LiveFeed(IGrainFactory grains, LiveQueries queries, ControlRoomMetrics metrics, TimeProvider clock, ILogger<LiveFeed> logger)
    : BackgroundService, ILiveObserver
{
    private static readonly TimeSpan Rejoin = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, QueueSnapshot> queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentSnapshot> agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Deviation> predictions = new(StringComparer.Ordinal);

    /// <summary>The last level each queue's rule was heard at, so a breach is announced once.</summary>
    private readonly ConcurrentDictionary<(string QueueId, string RuleId), Severity> levels = new();

    /// <summary>One read of every agent at a time, for views that need the whole roster before the first reload is done.</summary>
    private readonly SemaphoreSlim agentsLoading = new(1, 1);

    /// <summary>The list did not know this node: it reads everything once, on this round or, if that fails, the next.</summary>
    private bool reloadDue;

    /// <summary>Every agent was read from the grains at least once: from then on the pushes keep <see cref="Agents"/> whole.</summary>
    private volatile bool agentsLoaded;

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

    public QueueSnapshot? Queue(string queueId) => queues.GetValueOrDefault(queueId);

    /// <summary>
    /// Makes <see cref="Agents"/> the whole roster: a no-op once this node's first reload (or an earlier call) read every
    /// agent, since each agent's changes, its first snapshot included, are pushed to every node.
    /// </summary>
    public async Task EnsureAgentsLoadedAsync()
    {
        if (agentsLoaded)
        {
            return;
        }

        await agentsLoading.WaitAsync();
        try
        {
            if (!agentsLoaded)
            {
                await LoadAgentsAsync(announce: false);
            }
        }
        finally
        {
            agentsLoading.Release();
        }
    }

    /// <summary>
    /// Reads every agent afresh from the grains into this cache (a view back from an outage trusts nothing it had). It
    /// changes the cache silently: a read snapshot is newer by its time alone, and the node's hub clients are not sent
    /// the whole roster again for it (they read theirs afresh when they resubscribe).
    /// </summary>
    public Task RefreshAgentsAsync() => LoadAgentsAsync(announce: false);

    private async Task LoadAgentsAsync(bool announce)
    {
        foreach (var snapshot in await queries.AgentsAsync())
        {
            if (announce)
            {
                AgentUpdated(snapshot);
            }
            else
            {
                agents.AddOrUpdate(snapshot.AgentId, snapshot, (_, held) => held.AsOf > snapshot.AsOf ? held : snapshot);
            }
        }

        agentsLoaded = true;
    }

    Task ILiveObserver.Changed(IReadOnlyList<LiveChange> changes)
    {
        LastHeard = clock.GetUtcNow();
        foreach (var change in changes)
        {
            switch (change)
            {
                case { Queue: { } snapshot }:
                    QueueUpdated(snapshot);
                    break;
                case { Deviation: { } deviation }:
                    levels[(deviation.QueueId, deviation.RuleId)] = deviation.Severity;
                    DeviationRaised?.Invoke(deviation);
                    break;
                case { Agent: { } snapshot }:
                    AgentUpdated(snapshot);
                    break;
                case { Forecast: { } forecast }:
                    Predict(forecast);
                    ForecastChanged?.Invoke(forecast);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<ILiveObserver>(this);
        try
        {
            using var timer = new PeriodicTimer(Rejoin, clock);
            do
            {
                // A failed round (the silo still starting, a node being replaced) is tried again within seconds: until
                // it succeeds this node's screens may miss changes.
                while (!await TryJoin(reference))
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
            await Leave(reference);
            grains.DeleteObjectReference<ILiveObserver>(reference);
        }
    }

    private void QueueUpdated(QueueSnapshot snapshot)
    {
        var first = true;
        var kept = queues.AddOrUpdate(snapshot.QueueId, snapshot, (_, held) =>
        {
            first = false;
            return held.AsOf > snapshot.AsOf ? held : snapshot;
        });
        if (!ReferenceEquals(kept, snapshot))
        {
            return; // a reload read a newer one meanwhile
        }

        metrics.Pushed("feed", LastHeard - snapshot.AsOf);
        if (first)
        {
            AnnounceBreaches(snapshot);
        }

        QueueChanged?.Invoke(snapshot);
    }

    private void AgentUpdated(AgentSnapshot snapshot)
    {
        if (ReferenceEquals(agents.AddOrUpdate(snapshot.AgentId, snapshot, (_, held) => held.AsOf > snapshot.AsOf ? held : snapshot), snapshot))
        {
            AgentChanged?.Invoke(snapshot);
        }
    }

    private async Task<bool> TryJoin(ILiveObserver reference)
    {
        try
        {
            if (await grains.GetGrain<ILiveNodesGrain>(0).Join(reference))
            {
                reloadDue = true;
            }

            // Kept until a reload succeeds: the join that asked for it answers "known" when the round is retried.
            if (reloadDue)
            {
                await Reload();
                reloadDue = false;
            }

            return true;
        }
        catch (Exception ex)
        {
            // Any failure, a cancelled grain call included (an activation that timed out on a node being replaced),
            // is a failed round: the loop tries again; only its own wait ends on a stop.
            LogJoinFailed(ex);
            return false;
        }
    }

    /// <summary>
    /// What this node may have missed before it joined: every queue, agent and forecast now. The publishers send to
    /// this node from before the join returned, so a change meanwhile arrives as a push too; the newer snapshot stays.
    /// </summary>
    private async Task Reload()
    {
        LastHeard = clock.GetUtcNow();
        foreach (var snapshot in await queries.QueuesAsync())
        {
            QueueUpdated(snapshot);
        }

        await LoadAgentsAsync(announce: true);

        var current = await queries.PredictionsAsync();
        foreach (var queueId in predictions.Keys.Except(current.Select(p => p.QueueId)))
        {
            predictions.TryRemove(queueId, out _);
        }

        foreach (var prediction in current)
        {
            Predict(prediction);
            ForecastChanged?.Invoke(prediction);
        }
    }

    public override void Dispose()
    {
        agentsLoading.Dispose();
        base.Dispose();
    }

    private async Task Leave(ILiveObserver reference)
    {
        try
        {
            // Bounded: a node stopping while the cluster is unhealthy must not hang its stop on this courtesy.
            await grains.GetGrain<ILiveNodesGrain>(0).Leave(reference).WaitAsync(TimeSpan.FromSeconds(2), clock);
        }
        catch (Exception ex)
        {
            LogLeaveFailed(ex);
        }
    }

    /// <summary>
    /// A queue this node sees for the first time (on a reload, or a new queue) may be in breach with deviations this
    /// node never heard: the breaches in force in its first snapshot are announced as they would have been.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not join the live nodes; retrying in a second")]
    private partial void LogJoinFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not leave the live nodes; the list drops this node within five minutes")]
    private partial void LogLeaveFailed(Exception exception);
}
