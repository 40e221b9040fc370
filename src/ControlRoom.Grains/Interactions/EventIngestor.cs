using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace ControlRoom.Grains.Interactions;

/// <summary>Routes validated events to their grains, one call per grain per batch, and waits until all applied them.</summary>
public sealed class EventIngestor(IGrainFactory grains, IOptions<ControlRoomGrainOptions> options)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<ContactEvent> events)
    {
        var shards = Math.Max(1, options.Value.Shards);
        var byShard = new List<ContactEvent>?[shards];
        Dictionary<string, List<ContactEvent>>? byAgent = null;
        foreach (var e in events)
        {
            if (EventRouter.IsAgentEvent(e))
            {
                byAgent ??= new(StringComparer.Ordinal);
                if (!byAgent.TryGetValue(e.AgentId!, out var list))
                {
                    list = [];
                    byAgent[e.AgentId!] = list;
                }

                list.Add(e);
            }
            else
            {
                (byShard[EventRouter.ShardOf(e.InteractionId!, shards)] ??= []).Add(e);
            }
        }

        var calls = new List<Task<IngestResult>>();
        for (var shard = 0; shard < shards; shard++)
        {
            if (byShard[shard] is { } batch)
            {
                calls.Add(grains.GetGrain<IInteractionShardGrain>(shard).Apply(batch));
            }
        }

        foreach (var (agentId, batch) in byAgent ?? [])
        {
            calls.Add(grains.GetGrain<IAgentGrain>(agentId).ApplyEvents(batch));
        }

        var results = await Task.WhenAll(calls);
        return results.Aggregate(default(IngestResult), (sum, r) => sum + r);
    }
}
