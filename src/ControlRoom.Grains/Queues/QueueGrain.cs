using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;
using ControlRoom.Grains.Alerts;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Live;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace ControlRoom.Grains.Queues;

/// <summary>
/// One queue. Applies leg changes as they come, judges its rules every second (a waiting contact ages with the
/// clock, not with events), and pushes coalesced snapshots and deviations to observers and the local sink.
/// </summary>
public sealed partial class QueueGrain(
    [PersistentState("queue", StorageNames.State)] IPersistentState<QueueLiveState> state,
    IOptions<ControlRoomGrainOptions> options,
    ILiveUpdateSink sink,
    ControlRoomMetrics metrics,
    TimeProvider clock,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly RecentKeys appliedBatches = new(4096);
    private readonly List<Deviation> deviations = [];
    private PublishThrottle? throttle;
    private QueueSnapshot? current;
    private bool unsaved;
    private bool listed;
    private DateTimeOffset lastSaved;
    private DateTimeOffset lastPublished;
    private DateTimeOffset lastPruned;

    /// <summary>A queue with nothing moving is still pushed this often, so screens know it is alive.</summary>
    private static readonly TimeSpan QuietRefresh = TimeSpan.FromSeconds(5);

    private string QueueId => this.GetPrimaryKeyString();

    private QueueLiveState Live => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            Live.Settings = options.Value.SettingsFor(QueueId);
        }

        listed = Live.HasData;
        lastSaved = clock.GetUtcNow();
        throttle = new PublishThrottle(this, options.Value.PublishInterval, clock, Publish);
        this.RegisterGrainTimer(Tick, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        throttle?.Dispose();
        if (unsaved && options.Value.SavesOn(reason))
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task ApplyLegs(string batchKey, IReadOnlyList<LegChange> changes)
    {
        if (!appliedBatches.Add(batchKey))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var change in changes)
        {
            Live.Apply(change, now);
        }

        await Changed();
    }

    public async Task SetAgent(string agentId, AgentPresence? presence)
    {
        Live.SetAgent(agentId, presence);
        await Changed();
    }

    public async Task<QueueSnapshot?> GetSnapshot()
    {
        if (!Live.HasData)
        {
            return null;
        }

        var snapshot = current ?? Evaluate();
        if (deviations.Count > 0)
        {
            // A read judged the rules before the tick did: push what it found now rather than on the next tick.
            await throttle!.Request();
        }

        return snapshot;
    }

    public Task<IReadOnlyList<IntervalFigures>> GetIntervals(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<IntervalFigures>>(Live.GetIntervals(from, to));

    /// <summary>The settings with the rules in force: the configured ones, or the channel's defaults.</summary>
    public Task<QueueSettings> GetSettings() => Task.FromResult(Live.Settings with { Rules = Live.EffectiveRules });

    public async Task UpdateSettings(QueueSettings settings)
    {
        Live.ReplaceSettings(settings, QueueId, clock.GetUtcNow(), deviations);
        await state.WriteStateAsync();
        await Changed();
    }

    public Task Subscribe(ILiveObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task Changed()
    {
        unsaved = true;
        if (!listed && Live.HasData)
        {
            listed = true;
            await GrainFactory.GetGrain<IDirectoryGrain>(0).AddQueue(QueueId);
        }

        current = null;
        await throttle!.Request();
    }

    private QueueSnapshot Evaluate()
    {
        var snapshot = Live.Evaluate(QueueId, clock.GetUtcNow(), deviations);
        metrics.RulesEvaluated(Live.EffectiveRules.Count);
        if (deviations.Count > 0)
        {
            unsaved = true;
        }

        current = snapshot;
        return snapshot;
    }

    private async Task Publish()
    {
        if (!Live.HasData)
        {
            return;
        }

        var snapshot = Evaluate();
        lastPublished = snapshot.AsOf;
        foreach (var deviation in deviations)
        {
            LogDeviation(deviation.QueueId, deviation.RuleId, deviation.Severity, deviation.Value, deviation.Threshold);
            metrics.DeviationRaised(deviation);
            sink.DeviationRaised(deviation);
            await GrainFactory.ForwardToAlerts(deviation, Live.EffectiveRules);
            await observers.Notify(o => o.DeviationRaised(deviation));
        }

        deviations.Clear();
        sink.QueueUpdated(snapshot);
        await observers.Notify(o => o.QueueUpdated(snapshot));
    }

    /// <summary>Every second: rules see the clock move; history is pruned; state is saved when due.</summary>
    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Live.HasData)
        {
            // Judge the rules now; push when something moves with the clock, and at least every few seconds
            // so that rolling windows roll on screens too.
            var snapshot = Evaluate();
            if (deviations.Count > 0 || snapshot.Waiting > 0 || snapshot.Breaches.Count > 0 || snapshot.Today.Backlog > 0
                || now - lastPublished >= QuietRefresh)
            {
                await throttle!.Refresh();
            }
        }

        if (now - lastPruned >= TimeSpan.FromMinutes(1))
        {
            lastPruned = now;
            Live.Prune(now);
        }

        if (unsaved && now - lastSaved >= options.Value.PersistInterval)
        {
            unsaved = false;
            lastSaved = now;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} rule {RuleId} is {Severity}: {Value} against {Threshold}")]
    private partial void LogDeviation(string queueId, string ruleId, Severity severity, double value, double threshold);
}
