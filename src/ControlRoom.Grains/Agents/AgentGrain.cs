using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Staffing;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Live;
using ControlRoom.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace ControlRoom.Grains.Agents;

/// <summary>
/// One agent. Keeps the presence timeline and contacts, and tells each queue the agent serves what it needs
/// for its agent counts; a queue the agent stops serving is told so.
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", StorageNames.State)] IPersistentState<AgentLiveState> state,
    IOptions<ControlRoomGrainOptions> options,
    ILiveUpdateSink sink,
    TimeProvider clock,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly RecentKeys appliedBatches = new(4096);
    private readonly Dictionary<string, AgentPresence?> toldQueues = new(StringComparer.Ordinal);
    private PublishThrottle? throttle;
    private bool listed;
    private PersistSchedule? persist;

    private string AgentId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        listed = state.State.HasData;
        persist = new PersistSchedule(clock, options.Value.PersistInterval);
        throttle = new PublishThrottle(this, options.Value.PublishInterval, clock, Publish);
        this.RegisterGrainTimer(Tick, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        throttle?.Dispose();
        if (persist!.Unsaved && options.Value.SavesOn(reason))
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<IngestResult> ApplyEvents(IReadOnlyList<ContactEvent> events)
    {
        var accepted = 0;
        foreach (var e in events)
        {
            accepted += state.State.ApplyPresence(e) ? 1 : 0;
        }

        if (accepted > 0)
        {
            await Changed();
        }

        return new IngestResult(accepted, events.Count - accepted);
    }

    public async Task ApplyLegs(string batchKey, IReadOnlyList<LegChange> changes)
    {
        if (!appliedBatches.Add(batchKey))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var tell = false;
        foreach (var change in changes)
        {
            tell |= state.State.ApplyLeg(change, now);
        }

        await Changed(tell);
    }

    public Task<AgentSnapshot?> GetSnapshot() =>
        Task.FromResult(state.State.HasData ? state.State.Snapshot(AgentId, clock.GetUtcNow()) : null);

    public async Task<AgentReroute?> Reassign(IReadOnlyList<QueueAssignment> add, IReadOnlyList<string> remove)
    {
        if (!state.State.HasData)
        {
            return null;
        }

        var from = state.State.Assignments();
        var to = QueueAssignments.Apply(from, add, remove);
        await Assign(to);
        return new AgentReroute(AgentId, from, to);
    }

    public async Task<IReadOnlyList<QueueAssignment>> SetQueues(IReadOnlyList<QueueAssignment> queues)
    {
        var from = state.State.Assignments();
        await Assign(QueueAssignments.Ordered(queues));
        return from;
    }

    /// <summary>A planner's decision is saved at once (not on the next timer) and told to the queues before returning.</summary>
    private async Task Assign(IReadOnlyList<QueueAssignment> queues)
    {
        state.State.Assignment = [.. queues];
        await Changed();
        await persist!.SaveNowAsync(() => state.WriteStateAsync());
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

    private async Task Changed(bool tellQueues = true)
    {
        persist!.Changed();
        if (!listed)
        {
            listed = true;
            await GrainFactory.GetGrain<IDirectoryGrain>(0).AddAgent(AgentId);
        }

        if (tellQueues)
        {
            await TellQueues();
        }

        await throttle!.Request();
    }

    /// <summary>Sends each served queue the agent's presence when it changed, and a removal to queues left.</summary>
    private async Task TellQueues()
    {
        var (presence, _, _) = state.State.PresenceAt(AgentId, clock.GetUtcNow());
        var queues = state.State.Queues();
        var calls = new List<Task>();
        foreach (var queueId in queues)
        {
            if (!toldQueues.TryGetValue(queueId, out var told) || !Equals(told, presence))
            {
                toldQueues[queueId] = presence;
                calls.Add(GrainFactory.GetGrain<IQueueGrain>(queueId).SetAgent(AgentId, presence));
            }
        }

        foreach (var queueId in toldQueues.Keys.Where(q => !queues.Contains(q, StringComparer.Ordinal)).ToList())
        {
            toldQueues.Remove(queueId);
            calls.Add(GrainFactory.GetGrain<IQueueGrain>(queueId).SetAgent(AgentId, null));
        }

        await Task.WhenAll(calls);
    }

    private async Task Publish()
    {
        var snapshot = state.State.Snapshot(AgentId, clock.GetUtcNow());
        sink.AgentUpdated(snapshot);
        await observers.Notify(o => o.AgentUpdated(snapshot));
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        state.State.Prune(now);
        if (state.State.HasData)
        {
            await TellQueues(); // inferred presence moves with the clock
        }

        await persist!.SaveIfDueAsync(() => state.WriteStateAsync(cancellationToken));
    }
}
