using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;
using ControlRoom.Grains.Alerts;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Live;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Utilities;

namespace ControlRoom.Grains.Queues;

/// <summary>
/// One queue. Journals each change before applying it (so a queue rebuilt on any node after a crash has every leg
/// it acknowledged), judges its rules every second (a waiting contact ages with the clock, not with events), and
/// pushes coalesced snapshots and deviations to observers and the local sink.
/// </summary>
public sealed partial class QueueGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<ControlRoomGrainOptions> options,
    ILiveUpdateSink sink,
    ControlRoomMetrics metrics,
    TimeProvider clock,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly List<Deviation> deviations = [];
    private GrainJournal<QueueRecord, QueueEntry>? journal;
    private PublishThrottle? throttle;
    private QueueSnapshot? current;
    private bool listed;
    private DateTimeOffset lastPublished;
    private DateTimeOffset lastPruned;

    /// <summary>A queue with nothing moving is still pushed this often, so screens know it is alive.</summary>
    private static readonly TimeSpan QuietRefresh = TimeSpan.FromSeconds(5);

    private string QueueId => this.GetPrimaryKeyString();

    private QueueLiveState Live => journal!.State.Live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        journal = new GrainJournal<QueueRecord, QueueEntry>(store, serializer, clock, options.Value.PersistInterval, "queue", QueueId, logger);
        await journal.LoadAsync((record, entry) => entry.ApplyTo(record, QueueId), cancellationToken);
        if (!journal.Exists)
        {
            Live.Settings = options.Value.SettingsFor(QueueId);
        }
        else if (journal.Replayed > 0)
        {
            LogRecovered(QueueId, journal.Replayed);
        }

        // Presence updates are the agents' (only joining and leaving are journaled): ask the members for theirs now.
        var members = Live.Agents.Keys.ToList();
        var presences = await Task.WhenAll(members.Select(id => GrainFactory.GetGrain<IAgentGrain>(id).GetPresence()));
        for (var i = 0; i < members.Count; i++)
        {
            if (presences[i] is { } presence)
            {
                Live.SetAgent(members[i], presence);
            }
        }

        listed = Live.HasData;
        throttle = new PublishThrottle(this, options.Value.PublishInterval, clock, Publish);
        this.RegisterGrainTimer(Tick, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        throttle?.Dispose();
        if (options.Value.SavesOn(reason))
        {
            await journal!.TrySnapshotAsync(now: true, cancellationToken);
        }
    }

    public async Task ApplyLegs(LegBatch batch)
    {
        if (journal!.State.Has(batch))
        {
            return;
        }

        await Journal(new QueueLegsEntry(batch));
        await Changed();
    }

    public async Task SetAgent(string agentId, AgentPresence? presence)
    {
        var member = Live.Agents.ContainsKey(agentId);
        if (presence is null ? member : !member)
        {
            // Leaving carries its moment, so the agent's last state counts up to it on replay as it did live.
            await Journal(new QueueMemberEntry(agentId, presence) { At = presence is null ? clock.GetUtcNow() : null });
        }
        else
        {
            Live.SetAgent(agentId, presence);
            journal!.Schedule.Changed();
        }

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

    public Task<IReadOnlyList<AgentStateInterval>> GetAgentIntervals(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<AgentStateInterval>>(Live.GetAgentIntervals(from, to, clock.GetUtcNow()));

    /// <summary>The settings with the rules in force: the configured ones, or the channel's defaults.</summary>
    public Task<QueueSettings> GetSettings() => Task.FromResult(Live.Settings with { Rules = Live.EffectiveRules });

    public async Task UpdateSettings(QueueSettings settings)
    {
        var now = clock.GetUtcNow();
        await Append(new QueueSettingsEntry(settings, now));
        Live.ReplaceSettings(settings, QueueId, now, deviations); // as the entry's replay does, keeping the "ok" deviations to push
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

    /// <summary>Journals the entry, then applies it. A failed append leaves memory untouched and reloads the grain.</summary>
    private async Task Journal(QueueEntry entry)
    {
        await Append(entry);
        entry.ApplyTo(journal!.State, QueueId);
    }

    private async Task Append(QueueEntry entry)
    {
        try
        {
            await journal!.AppendAsync(entry);
        }
        catch
        {
            // A timed-out append may have landed: this activation no longer knows the journal's head.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>After a change is durable: list the queue (retried by the tick if the directory fails) and push.</summary>
    private async Task Changed()
    {
        current = null;
        await EnsureListed();
        await throttle!.Request();
    }

    private async Task EnsureListed()
    {
        if (listed || !Live.HasData)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IDirectoryGrain>(0).AddQueue(QueueId);
            listed = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogListFailed(ex, QueueId);
        }
    }

    private QueueSnapshot Evaluate()
    {
        var snapshot = Live.Evaluate(QueueId, clock.GetUtcNow(), deviations);
        metrics.RulesEvaluated(Live.EffectiveRules.Count);
        if (deviations.Count > 0)
        {
            journal!.Schedule.Changed();
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

    /// <summary>Every second: rules see the clock move; history is pruned; a snapshot is written when due.</summary>
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

        await EnsureListed();
        if (now - lastPruned >= TimeSpan.FromMinutes(1))
        {
            lastPruned = now;
            Live.Prune(now);
        }

        await journal!.TrySnapshotAsync(now: false, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} rule {RuleId} is {Severity}: {Value} against {Threshold}")]
    private partial void LogDeviation(string queueId, string ruleId, Severity severity, double value, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {QueueId} could not be listed in the directory; retrying on the next tick")]
    private partial void LogListFailed(Exception exception, string queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} replayed {Count} journal entries on activation")]
    private partial void LogRecovered(string queueId, int count);

}
