using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;
using ControlRoom.Domain.Rules;
using ControlRoom.Domain.Staffing;
using ControlRoom.Grains.Alerts;
using ControlRoom.Grains.Directory;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Live;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace ControlRoom.Grains.Queues;

/// <summary>
/// One queue. Journals each change before answering (so a queue rebuilt on any node after a crash has every leg
/// it acknowledged), judges its rules on every change and at the exact instant the clock alone changes them (one
/// timer set to <see cref="RuleClock.NextChange"/>, re-armed on every change), pushes each deviation at once and
/// coalesces only the snapshots. An idle queue does nothing until an event or its next crossing.
/// </summary>
public sealed partial class QueueGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<ControlRoomGrainOptions> options,
    LivePublisher live,
    DirectoryLister directory,
    ControlRoomMetrics metrics,
    TimeProvider clock,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    /// <summary>Housekeeping (history pruned, a failed listing retried) runs this often, not every second.</summary>
    private static readonly TimeSpan Housekeeping = TimeSpan.FromMinutes(1);

    /// <summary>While contacts wait, screens get a fresh snapshot at least this often (their tiles tick between).</summary>
    private static readonly TimeSpan WaitingRefresh = TimeSpan.FromSeconds(5);

    /// <summary>A snapshot attempt put off (appends or a write in flight) is tried again this much later.</summary>
    private static readonly TimeSpan SaveRetry = TimeSpan.FromMilliseconds(250);

    private readonly List<Deviation> deviations = [];
    private GrainJournal<QueueRecord, QueueEntry>? journal;
    private PublishThrottle? throttle;
    private IGrainTimer? ruleTimer;
    private DateTimeOffset? ruleArmedFor;
    private IGrainTimer? saveTimer;
    private DateTimeOffset? saveDue;
    private QueueSnapshot? current;
    private IGrainTimer? presenceTimer;

    /// <summary>While the members are asked for their presence after activation: those that told the queue meanwhile.</summary>
    private HashSet<string>? membersAsked;

    /// <summary>An agent changed since <see cref="current"/> was judged, and no rule reads agents: its figures are behind.</summary>
    private bool agentsChanged;

    // Legs applied so far, and how many of them the last judgement saw: the shards' calls of one request interleave
    // and commit together, and the first to resume judges what all of them applied.
    private long legsApplied;
    private long legsJudged;
    private bool listed;
    private DateTimeOffset lastPublished;

    // The key as a string, made once (GetPrimaryKeyString builds a new one at every call).
    private string QueueId => queueId ??= this.GetPrimaryKeyString();

    private string? queueId;

    private QueueLiveState Live => journal!.State.Live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        journal = new GrainJournal<QueueRecord, QueueEntry>(store, serializer, clock, options.Value.PersistInterval, "queue", QueueId, logger, QueueEntry.Format)
        {
            OnBroken = DeactivateOnIdle,
        };
        await journal.LoadAsync((record, entry) => entry.ApplyTo(record, QueueId), cancellationToken);
        if (!journal.Exists)
        {
            Live.Settings = options.Value.SettingsFor(QueueId);
        }
        else if (journal.Replayed > 0)
        {
            LogRecovered(QueueId, journal.Replayed);
        }

        listed = Live.HasData;
        throttle = new PublishThrottle(this, options.Value.PublishInterval, clock, Publish);

        // Keep-alive: a queue with a crossing ahead must be there to judge it, even with no event meanwhile.
        ruleTimer = this.RegisterGrainTimer(RuleDue, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        this.RegisterGrainTimer(Housekeep, Housekeeping, Housekeeping);
        if (Live.HasData)
        {
            // Time passed while the queue was not active (or the node was down): judge now what the clock did.
            await Judge();
        }

        if (Live.Agents.Count > 0)
        {
            // Presence updates are the agents' (only joining and leaving are journaled): ask the members for theirs,
            // after activation and interleaved. An agent may be waiting on this very queue while the runtime moves it
            // (a dead node kept its directory entry): a rebuild that waited for it would stall both for the 30 s
            // response timeout, with every shard queued behind them.
            membersAsked = [];
            presenceTimer = this.RegisterGrainTimer(AskMembers, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    /// <summary>
    /// Takes each member's presence as it is now, except from an agent that told the queue something meanwhile (what
    /// it told is as new, and what it tells next follows). A member that cannot answer keeps its journaled presence
    /// until it tells the queue itself, as a reactivated agent does.
    /// </summary>
    private async Task AskMembers(CancellationToken cancellationToken)
    {
        var members = Live.Agents.Keys.ToList();
        var answers = await Task.WhenAll(members.Select(async id =>
        {
            try
            {
                return await GrainFactory.GetGrain<IAgentGrain>(id).GetPresence();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }));

        var told = membersAsked!;
        membersAsked = null;
        presenceTimer?.Dispose(); // one shot
        var changed = false;
        for (var i = 0; i < members.Count; i++)
        {
            if (answers[i] is { } presence && !told.Contains(members[i]) && Live.Agents.ContainsKey(members[i]))
            {
                Live.SetAgent(members[i], presence);
                changed = true;
            }
        }

        if (changed)
        {
            journal!.Schedule.Changed();
            await Changed(judge: Live.RulesReadAgents);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        throttle?.Dispose();
        if (options.Value.SavesOn(reason))
        {
            await journal!.TrySnapshotAsync(now: true, cancellationToken);
        }
        else
        {
            await journal!.SettleAsync();
        }
    }

    public async Task ApplyLegs(LegBatch batch)
    {
        if (journal!.State.Has(batch))
        {
            // A re-delivery: its first delivery may still be in flight (interleaved), so answer once that is durable.
            await journal.DurableAsync();
            return;
        }

        var entry = new QueueLegsEntry(batch);
        var durable = Append(entry);
        entry.ApplyTo(journal.State, QueueId);
        var applied = ++legsApplied;
        await durable;
        if (applied > legsJudged)
        {
            await Changed();
        }
        else
        {
            await Settled(); // a judgement since this call applied its legs included them
        }
    }

    public async Task SetAgents(IReadOnlyList<AgentMembership> changes)
    {
        if (membersAsked is not null)
        {
            foreach (var change in changes)
            {
                membersAsked.Add(change.AgentId);
            }
        }

        // Joining and leaving are journaled, the whole batch's in one entry; a presence update is the agent's to keep.
        var now = clock.GetUtcNow();
        var entries = new QueueMemberEntry?[changes.Count];
        List<QueueMemberEntry>? journaled = null;
        Dictionary<string, bool>? memberAfter = null; // an agent twice in one batch: the first change counts for the second
        for (var i = 0; i < changes.Count; i++)
        {
            var (agentId, presence) = changes[i];
            var member = memberAfter is not null && memberAfter.TryGetValue(agentId, out var was) ? was : Live.Agents.ContainsKey(agentId);
            if (presence is null ? member : !member)
            {
                // Leaving carries its moment, so the agent's last state counts up to it on replay as it did live.
                entries[i] = new QueueMemberEntry(agentId, presence) { At = presence is null ? now : null };
                (journaled ??= []).Add(entries[i]!);
            }

            if (changes.Count > 1)
            {
                (memberAfter ??= new(StringComparer.Ordinal))[agentId] = presence is not null;
            }
        }

        var durable = journaled is null ? Task.CompletedTask : Append(new QueueMembersEntry(journaled));

        // Applied in order as the append is issued: a journaled change as its replay applies it, a presence update in memory.
        for (var i = 0; i < changes.Count; i++)
        {
            if (entries[i] is { } entry)
            {
                entry.ApplyTo(journal!.State, QueueId);
            }
            else
            {
                Live.SetAgent(changes[i].AgentId, changes[i].Presence);
                journal!.Schedule.Changed();
            }
        }

        await durable;

        // 10,000 agents signing in tell 20,000 memberships, and every answered contact moves an agent's presence: with
        // no rule on agents these change no judgement, so the figures are computed when they are next pushed or read.
        await Changed(judge: Live.RulesReadAgents);
    }

    /// <summary>The figures now with the rules as last judged (<see cref="Figures"/>). A read never judges or publishes.</summary>
    public Task<QueueSnapshot?> GetSnapshot() =>
        Task.FromResult(Live.HasData ? Figures(clock.GetUtcNow()) : null);

    public async Task<StaffingInput?> GetStaffingInput()
    {
        if (await GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        var (from, to) = BreachForecast.HistoryWindow(snapshot.AsOf);
        return new StaffingInput(snapshot, Live.GetIntervals(from, to), Live.LoggedInAgents());
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
        var durable = Append(new QueueSettingsEntry(settings, now));
        Live.ReplaceSettings(settings, QueueId, now, deviations); // as the entry's replay does, keeping the "ok" deviations to push
        await durable;
        await Changed();
    }

    /// <summary>
    /// Issues the append now, in this turn, so appends follow the order in which changes are applied; the caller applies
    /// its change before awaiting. Legs interleave (<see cref="IQueueGrain.ApplyLegs"/>): the shards' calls of one
    /// request join one commit instead of waiting for one another's. Memory runs ahead of the journal only by appends in
    /// flight, each already durable in the ingest log; if one fails, the grain drops its memory and reloads.
    /// </summary>
    private Task Append(QueueEntry entry) => journal!.AppendAsync(entry);

    /// <summary>
    /// After a change is durable: judge the rules now (deviations go out at once) unless the change cannot move any
    /// rule, list the queue, push.
    /// </summary>
    private async Task Changed(bool judge = true)
    {
        if (judge)
        {
            await Judge();
        }
        else
        {
            agentsChanged = true;
        }

        await Settled();
    }

    /// <summary>After a change, judged or not: list the queue, save when due, push.</summary>
    private async Task Settled()
    {
        await EnsureListed();
        ScheduleSave();
        throttle!.Request();
    }

    /// <summary>
    /// Evaluates the snapshot and the rules at this instant, pushes any deviation at once (never coalesced: an alert
    /// does not wait behind the snapshot's coalescing), and sets the timer for the next instant the clock alone
    /// changes a rule.
    /// </summary>
    private async Task Judge()
    {
        var now = clock.GetUtcNow();
        current = Live.Evaluate(QueueId, now, deviations, options.Value.CatchUpLag);
        agentsChanged = false;
        legsJudged = legsApplied;
        metrics.RulesEvaluated(Live.EffectiveRules.Count);
        if (deviations.Count > 0)
        {
            journal!.Schedule.Changed(); // the rules' state lives in the snapshot
            ScheduleSave();
            await PushDeviations();
        }

        var due = RuleClock.NextChange(Live, current, now);
        if (current.Waiting > 0)
        {
            // Overdue means a push follows this judgement: the refresh after it is a full period away.
            var refresh = lastPublished + WaitingRefresh > now ? lastPublished + WaitingRefresh : now + WaitingRefresh;
            due = due is { } d && d <= refresh ? d : refresh;
        }

        if (due != ruleArmedFor)
        {
            // Changing a grain timer takes the runtime's timer-queue lock: 20,000 unchanged re-arms were 6 % of the
            // host's CPU while 10,000 agents signed in (profile), most of it waiting on that lock.
            ruleArmedFor = due;
            ruleTimer!.Change(due is { } at ? at - now : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PushDeviations()
    {
        var rules = Live.EffectiveRules;
        var raised = deviations.ToList();
        deviations.Clear();
        foreach (var deviation in raised)
        {
            LogDeviation(deviation.QueueId, deviation.RuleId, deviation.Severity, deviation.Value, deviation.Threshold);
            metrics.DeviationRaised(deviation);
            live.Deviation(deviation);
        }

        foreach (var deviation in raised)
        {
            await GrainFactory.ForwardToAlerts(deviation, rules);
        }
    }

    /// <summary>The instant the clock changes a rule (or a refresh of a queue with contacts waiting) has come.</summary>
    private async Task RuleDue(CancellationToken cancellationToken)
    {
        ruleArmedFor = null; // fired: a one-shot timer is unarmed until set again
        if (Live.HasData)
        {
            await Judge();
            throttle!.Request();
        }
    }

    private async Task EnsureListed()
    {
        if (listed || !Live.HasData)
        {
            return;
        }

        try
        {
            await directory.ListQueue(QueueId);
            listed = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogListFailed(ex, QueueId);
        }
    }

    private void Publish()
    {
        if (!Live.HasData)
        {
            return;
        }

        lastPublished = clock.GetUtcNow();
        if (current is null || agentsChanged)
        {
            // An agent changed since the last judgement: push (and keep) the figures now, with the rules as judged.
            current = Figures(lastPublished);
            agentsChanged = false;
        }

        live.Queue(current);
    }

    /// <summary>
    /// The figures at <paramref name="now"/> with the rules as last judged, which is exact: rules are judged on every
    /// change that can move them and at every instant the clock changes them, so between those nothing they decide moves.
    /// </summary>
    private QueueSnapshot Figures(DateTimeOffset now)
    {
        if (current is { } judged && judged.AsOf == now && !agentsChanged)
        {
            return judged;
        }

        var figures = Live.Snapshot(QueueId, now, options.Value.CatchUpLag);
        return current is { } rules ? figures with { Breaches = rules.Breaches, Status = rules.Status } : figures;
    }

    /// <summary>
    /// Arms one timer for when the snapshot may next be written: a change costs its journal entry at once and a share
    /// of one snapshot later, and a queue with no change writes nothing.
    /// </summary>
    private void ScheduleSave(TimeSpan notSooner = default)
    {
        var schedule = journal!.Schedule;
        if (!schedule.Pending || journal.Broken)
        {
            return; // nothing to write, or a broken journal's grain is on its way out (it must go idle to reload)
        }

        var now = clock.GetUtcNow();
        var due = schedule.NextAttempt > now + notSooner ? schedule.NextAttempt : now + notSooner;
        if (saveDue is { } armed && armed <= due)
        {
            return;
        }

        saveDue = due;
        saveTimer ??= this.RegisterGrainTimer(SaveDue, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        saveTimer.Change(due - now, Timeout.InfiniteTimeSpan);
    }

    private async Task SaveDue(CancellationToken cancellationToken)
    {
        saveDue = null;
        try
        {
            await journal!.TrySnapshotAsync(now: false, cancellationToken);
        }
        finally
        {
            // Still unsaved (a failure's back-off, a change meanwhile, or appends or a write in flight, which put the
            // attempt off): try again when due, and not at once, or a busy queue would spin on its timer.
            ScheduleSave(SaveRetry);
        }
    }

    /// <summary>Once a minute: history no window needs is dropped, and a failed listing is retried.</summary>
    private async Task Housekeep(CancellationToken cancellationToken)
    {
        if (Live.HasData)
        {
            Live.Prune(clock.GetUtcNow());
            await EnsureListed();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} rule {RuleId} is {Severity}: {Value} against {Threshold}")]
    private partial void LogDeviation(string queueId, string ruleId, Severity severity, double value, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {QueueId} could not be listed in the directory; retrying with its next change or within a minute")]
    private partial void LogListFailed(Exception exception, string queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {QueueId} replayed {Count} journal entries on activation")]
    private partial void LogRecovered(string queueId, int count);

}
