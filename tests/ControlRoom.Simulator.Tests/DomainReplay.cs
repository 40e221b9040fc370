using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Simulator.Tests;

/// <summary>
/// The grains' bookkeeping done in-process with the pure domain types: interactions derive legs for the queues,
/// agents tell the queues they serve their presence, and queues judge their rules at the time given.
/// </summary>
internal sealed class DomainReplay
{
    private readonly InteractionBook book = new();
    private readonly Dictionary<string, AgentLiveState> agents = new(StringComparer.Ordinal);

    public Dictionary<string, QueueLiveState> Queues { get; } = new(StringComparer.Ordinal);

    public List<Deviation> Deviations { get; } = [];

    public void Apply(IReadOnlyList<ContactEvent> events, DateTimeOffset now)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Type == EventType.AgentStateChanged))
        {
            if (!agents.TryGetValue(e.AgentId!, out var agent))
            {
                agent = new AgentLiveState();
                agents[e.AgentId!] = agent;
            }

            agent.ApplyPresence(e);
            touched.Add(e.AgentId!);
        }

        foreach (var agentId in touched)
        {
            var agent = agents[agentId];
            var (presence, _, _) = agent.PresenceAt(agentId, now);
            foreach (var queueId in agent.Queues())
            {
                Queue(queueId).SetAgent(agentId, presence);
            }
        }

        var staged = book.Stage([.. events.Where(e => e.Type != EventType.AgentStateChanged)], now);
        foreach (var change in staged.Changes)
        {
            Queue((change.New ?? change.Old)!.QueueId).Apply(change, now);
        }

        book.Commit(staged);
    }

    public void Evaluate(DateTimeOffset now)
    {
        foreach (var (queueId, queue) in Queues)
        {
            queue.Evaluate(queueId, now, Deviations);
        }
    }

    public QueueSnapshot Snapshot(string queueId, DateTimeOffset now) => Queues[queueId].Snapshot(queueId, now);

    private QueueLiveState Queue(string queueId)
    {
        if (!Queues.TryGetValue(queueId, out var queue))
        {
            queue = new QueueLiveState();
            Queues[queueId] = queue;
        }

        return queue;
    }
}
