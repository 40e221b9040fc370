using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Staffing;
using ControlRoom.Grains.Directory;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Live;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace ControlRoom.Grains.Agents;

/// <summary>
/// One agent. Journals its presence events, contacts and planner assignments before answering (so an agent
/// rebuilt after a crash has all it acknowledged), and tells each queue the agent serves what it needs for its agent
/// counts; a queue the agent stops serving is told so.
/// </summary>
public sealed partial class AgentGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<ControlRoomGrainOptions> options,
    LivePublisher live,
    QueueTeller teller,
    DirectoryLister directory,
    TimeProvider clock,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private readonly Dictionary<string, AgentPresence?> toldQueues = new(StringComparer.Ordinal);
    private GrainJournal<AgentRecord, AgentEntry>? journal;
    private PublishThrottle? throttle;
    private IGrainTimer? wakeTimer;
    private DateTimeOffset? retryAt;
    private DateTimeOffset? armedFor;
    private bool listed;

    /// <summary>How long after a failed follow-up (directory, queues) it is tried again; also the first telling after activation.</summary>
    private static readonly TimeSpan FollowUpDelay = TimeSpan.FromSeconds(5);

    // The key as a string, made once: GetPrimaryKeyString builds a new string at every call, and the id is asked for
    // on every batch, every queue told and every snapshot.
    private string AgentId => agentId ??= this.GetPrimaryKeyString();

    private string? agentId;

    private AgentLiveState Live => journal!.State.Live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        journal = new GrainJournal<AgentRecord, AgentEntry>(store, serializer, clock, options.Value.PersistInterval, "agent", AgentId, logger, AgentEntry.Format)
        {
            OnBroken = DeactivateOnIdle,
        };
        await journal.LoadAsync((record, entry) => entry.ApplyTo(record), cancellationToken);
        listed = Live.HasData;
        throttle = new PublishThrottle(this, options.Value.PublishInterval, clock, Publish);

        // No periodic tick: the grain wakes only when something is due (10,000 idle agents cost nothing).
        wakeTimer = this.RegisterGrainTimer(Wake, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        retryAt = Live.HasData ? clock.GetUtcNow() + FollowUpDelay : null;
        Reschedule();
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

    public async Task<IngestResult> Apply(AgentBatch batch)
    {
        if (journal!.State.Has(batch))
        {
            // A re-delivery: its first delivery may still be in flight (interleaved), so answer once that is durable.
            await journal.DurableAsync();
            return new IngestResult(0, batch.Presence.Count);
        }

        var (applied, durable) = Journal(new AgentBatchEntry(batch));
        await durable;
        if (applied.Result.Accepted > 0 || batch.Changes.Count > 0 || batch.MissedLegs.Count > 0)
        {
            await Changed(applied.TellQueues);
        }

        return applied.Result;
    }

    public Task<AgentPresence?> GetPresence() =>
        Task.FromResult(Live.HasData ? Live.PresenceAt(AgentId, clock.GetUtcNow()).Presence : null);

    public Task<AgentSnapshot?> GetSnapshot() =>
        Task.FromResult(Live.HasData ? Live.Snapshot(AgentId, clock.GetUtcNow()) : null);

    public async Task<AgentReroute?> Reassign(IReadOnlyList<QueueAssignment> add, IReadOnlyList<string> remove)
    {
        if (!Live.HasData)
        {
            return null;
        }

        var from = Live.Assignments();
        var to = QueueAssignments.Apply(from, add, remove);
        await Assign(to);
        return new AgentReroute(AgentId, from, to);
    }

    public async Task<IReadOnlyList<QueueAssignment>> SetQueues(IReadOnlyList<QueueAssignment> queues)
    {
        var from = Live.Assignments();
        await Assign(QueueAssignments.Ordered(queues));
        return from;
    }

    /// <summary>A planner's decision is journaled before the call returns, and told to the queues.</summary>
    private async Task Assign(IReadOnlyList<QueueAssignment> queues)
    {
        await Journal(new AgentAssignmentEntry(queues)).Durable;
        await Changed();
    }

    /// <summary>
    /// Issues the append and applies the entry at once, in this turn; the caller awaits <c>Durable</c>. Batches interleave
    /// (<see cref="IAgentGrain.Apply"/>): the shards' calls of one request join one commit instead of waiting for one
    /// another's. Memory runs ahead of the journal only by appends in flight; if one fails, the grain reloads.
    /// </summary>
    private (AgentApplied Applied, Task Durable) Journal(AgentEntry entry)
    {
        var durable = journal!.AppendAsync(entry);
        var applied = entry.ApplyTo(journal.State);
        Reschedule(); // a snapshot may now be wanted, and the change may move the next inferred-presence instant
        return (applied, durable);
    }

    /// <summary>
    /// After a change is durable: list the agent, tell its queues, push. None of these may fail the change itself (it
    /// is journaled already); what fails is done again by the next tick.
    /// </summary>
    private async Task Changed(bool tellQueues = true)
    {
        try
        {
            // Neither waits for the other: the listing and the queues' journals commit in the same rounds.
            await Task.WhenAll(EnsureListed(), tellQueues ? TellQueues() : Task.CompletedTask);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFollowUpFailed(ex, AgentId);
            retryAt = clock.GetUtcNow() + FollowUpDelay;
        }

        Reschedule();
        throttle!.Request();
    }

    private async Task EnsureListed()
    {
        if (!listed && Live.HasData)
        {
            await directory.ListAgent(AgentId);
            listed = true;
        }
    }

    /// <summary>Sends each served queue the agent's presence when it changed, and a removal to queues left.</summary>
    private async Task TellQueues()
    {
        var (presence, _, _) = Live.PresenceAt(AgentId, clock.GetUtcNow());
        var queues = Live.Queues();
        var calls = new List<Task>();
        foreach (var queueId in queues)
        {
            if (!toldQueues.TryGetValue(queueId, out var told) || !Equals(told, presence))
            {
                toldQueues[queueId] = presence;
                calls.Add(teller.Tell(queueId, AgentId, presence));
            }
        }

        foreach (var queueId in toldQueues.Keys.Where(q => !queues.Contains(q, StringComparer.Ordinal)).ToList())
        {
            toldQueues.Remove(queueId);
            calls.Add(teller.Tell(queueId, AgentId, null));
        }

        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            // Told nobody for sure: tell every queue again next time rather than trust a half-done round.
            toldQueues.Clear();
            throw;
        }
    }

    private void Publish() => live.Agent(Live.Snapshot(AgentId, clock.GetUtcNow()));

    /// <summary>
    /// Does what is due: tells the queues an inferred presence the clock changed, retries a failed follow-up, forgets
    /// old contacts, writes the snapshot. Then sleeps until the next of those instants.
    /// </summary>
    private async Task Wake(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        retryAt = null;
        armedFor = null;
        Live.Prune(now);
        if (Live.HasData)
        {
            try
            {
                await EnsureListed();
                await TellQueues(); // inferred presence moves with the clock
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowUpFailed(ex, AgentId);
                retryAt = clock.GetUtcNow() + FollowUpDelay;
            }
        }

        await journal!.TrySnapshotAsync(now: false, cancellationToken);
        Reschedule();
    }

    /// <summary>Sets the wake-up to the earliest instant something is due; never sooner than a second for what is overdue.</summary>
    private void Reschedule()
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? due = null;
        foreach (var at in new[] { Live.NextPresenceChange(now), Live.NextPrune(), journal!.Schedule.Pending && !journal.Broken ? journal.Schedule.NextAttempt : null, retryAt })
        {
            if (at is { } candidate && (due is null || candidate < due))
            {
                due = candidate;
            }
        }

        // Overdue (a snapshot the store cannot take now) waits a second rather than spinning.
        var target = due is not { } next ? (DateTimeOffset?)null : next > now ? next : now + TimeSpan.FromSeconds(1);
        if (wakeTimer is null || target == armedFor || (armedFor is { } armed && armed > now && armed <= target))
        {
            // Already set for that instant, or for a sooner one still ahead (the wake reschedules anyway). Changing a
            // grain timer takes the runtime's timer lock: re-arming a second ahead after every batch of a replay whose
            // contacts were all due for pruning cost a third of the HTTP ingest rate.
            return;
        }

        armedFor = target;
        wakeTimer.Change(target is { } wakeAt ? wakeAt - now : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} could not reach its queues or the directory; retrying on the next tick")]
    private partial void LogFollowUpFailed(Exception exception, string agentId);

}
