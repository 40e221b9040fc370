using System.IO.Hashing;
using System.Text;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace ControlRoom.Grains.Interactions;

/// <summary>
/// Applies interaction events: de-duplicates them, re-derives the touched interactions' legs and hands the
/// changes to queues and agents. The book records the batch only after every hand-over succeeded, and each
/// hand-over carries a key derived from the events, so a retried request neither loses nor doubles a figure.
/// </summary>
public sealed class InteractionShardGrain(
    [PersistentState("shard", StorageNames.State)] IPersistentState<InteractionBook> state,
    IOptions<ControlRoomGrainOptions> options,
    TimeProvider clock) : Grain, IInteractionShardGrain
{
    private PersistSchedule? persist;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        persist = new PersistSchedule(clock, options.Value.PersistInterval);
        this.RegisterGrainTimer(Tick, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (persist!.Unsaved && options.Value.SavesOn(reason))
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<IngestResult> Apply(IReadOnlyList<ContactEvent> events)
    {
        var staged = state.State.Stage(events, clock.GetUtcNow());
        if (staged.Changes.Count > 0)
        {
            var batchKey = BatchKey(staged.Accepted);
            var calls = new List<Task>();
            foreach (var (queueId, changes) in ByQueue(staged.Changes))
            {
                calls.Add(GrainFactory.GetGrain<IQueueGrain>(queueId).ApplyLegs(batchKey, changes));
            }

            foreach (var (agentId, changes) in ByAgent(staged.Changes))
            {
                calls.Add(GrainFactory.GetGrain<IAgentGrain>(agentId).ApplyLegs(batchKey, changes));
            }

            await Task.WhenAll(calls);
        }

        state.State.Commit(staged);
        if (staged.Updates.Count > 0)
        {
            persist!.Changed();
        }

        return staged.Result;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now.Second % 30 == 0 && state.State.Prune(now) > 0)
        {
            persist!.Changed();
        }

        await persist!.SaveIfDueAsync(() => state.WriteStateAsync(cancellationToken));
    }

    /// <summary>The same accepted events give the same key, so a queue recognises a retried hand-over.</summary>
    private static string BatchKey(IReadOnlyList<ContactEvent> accepted)
    {
        var hash = new XxHash128();
        foreach (var id in accepted.Select(e => e.EventId).Order(StringComparer.Ordinal))
        {
            hash.Append(Encoding.UTF8.GetBytes(id));
            hash.Append([0]);
        }

        return Convert.ToHexString(hash.GetCurrentHash());
    }

    private static Dictionary<string, List<LegChange>> ByQueue(IReadOnlyList<LegChange> changes)
    {
        var byQueue = new Dictionary<string, List<LegChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            Add(byQueue, (change.New ?? change.Old)!.QueueId, change);
        }

        return byQueue;
    }

    /// <summary>Legs with an agent go to that agent; a leg whose agent changed is retracted from the first.</summary>
    private static Dictionary<string, List<LegChange>> ByAgent(IReadOnlyList<LegChange> changes)
    {
        var byAgent = new Dictionary<string, List<LegChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var oldAgent = change.Old?.AgentId;
            var newAgent = change.New?.AgentId;
            if (oldAgent is not null && !string.Equals(oldAgent, newAgent, StringComparison.Ordinal))
            {
                Add(byAgent, oldAgent, new LegChange(change.Old, null));
                if (newAgent is not null)
                {
                    Add(byAgent, newAgent, new LegChange(null, change.New));
                }
            }
            else if (newAgent is not null)
            {
                Add(byAgent, newAgent, change);
            }
        }

        return byAgent;
    }

    private static void Add(Dictionary<string, List<LegChange>> map, string key, LegChange change)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(change);
    }
}
