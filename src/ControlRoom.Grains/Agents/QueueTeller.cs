using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;

namespace ControlRoom.Grains.Agents;

/// <summary>
/// How agents tell their queues what changed, one per silo. Each queue has at most one call in flight; changes for it
/// that arrive meanwhile go together in the next call, so 10,000 agents signing in on 1,000 queues cost a few calls
/// and journal entries per queue instead of 20,000 of each (40 % of that fill's CPU, measured). An agent's task
/// completes when the call carrying its change has returned, so it still knows its queues hold the change (joining and
/// leaving journaled) before it answers; a failed call fails every change it carried.
/// </summary>
public sealed class QueueTeller(IGrainFactory grains)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Pending> queues = new(StringComparer.Ordinal);

    public Task Tell(string queueId, string agentId, AgentPresence? presence)
    {
        lock (gate)
        {
            if (!queues.TryGetValue(queueId, out var pending))
            {
                pending = new Pending();
                queues[queueId] = pending;
            }

            pending.Changes.Add(new AgentMembership(agentId, presence));
            pending.Done ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!pending.Sending)
            {
                // Sent from the thread pool, after this turn: changes told meanwhile join the first call.
                pending.Sending = true;
                _ = Task.Run(() => SendAsync(queueId, pending));
            }

            return pending.Done.Task;
        }
    }

    private async Task SendAsync(string queueId, Pending pending)
    {
        while (true)
        {
            List<AgentMembership> changes;
            TaskCompletionSource done;
            lock (gate)
            {
                if (pending.Changes.Count == 0)
                {
                    pending.Sending = false;
                    queues.Remove(queueId);
                    return;
                }

                (changes, done) = (pending.Changes, pending.Done!);
                pending.Changes = [];
                pending.Done = null;
            }

            try
            {
                await grains.GetGrain<IQueueGrain>(queueId).SetAgents(changes);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }

    private sealed class Pending
    {
        public List<AgentMembership> Changes { get; set; } = [];

        public TaskCompletionSource? Done { get; set; }

        public bool Sending { get; set; }
    }
}
