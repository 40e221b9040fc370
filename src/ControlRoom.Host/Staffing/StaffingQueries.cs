using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Staffing;

/// <summary>A queue's staffing before and after a proposed move, in effective agents (multiskill agents by their share).</summary>
public sealed record QueueWhatIf(
    string QueueId,
    int? AgentsNeeded,
    double AgentsBefore,
    double AgentsAfter,
    double? ServiceLevelBefore,
    double? ServiceLevelAfter,
    double? AsaBefore,
    double? AsaAfter);

/// <summary>An agent who could help a short queue: idle now, has the skill, serves other queues.</summary>
public sealed record Candidate(string AgentId, IReadOnlyList<string> Queues);

/// <summary>A queue short of agents and who could be moved to it.</summary>
public sealed record Recommendation(string QueueId, double Gap, double? PredictedServiceLevel, IReadOnlyList<Candidate> Candidates);

/// <summary>Staffing reads over the grains, shared by the API and the planner page.</summary>
public sealed class StaffingQueries(IGrainFactory grains, LiveQueries live, KnownIds known)
{
    /// <summary>One queue's staffing; its multiskill agents' shares depend on their other queues' loads, so all are read.</summary>
    public async Task<QueueStaffing?> QueueAsync(string queueId) =>
        (await QueuesAsync()).FirstOrDefault(q => string.Equals(q.QueueId, queueId, StringComparison.Ordinal));

    /// <summary>Every queue's staffing with multiskill agents counted by their share, the shortest first.</summary>
    public async Task<IReadOnlyList<QueueStaffing>> QueuesAsync() => (await ReadAsync()).SharedQueues();

    /// <summary>
    /// Each queue as its own snapshot tells it (head counts), the queues' loads, every agent, and the effective agents
    /// per queue those loads give: one read that the gap table, the what-if and the recommendations share.
    /// </summary>
    private async Task<StaffingPicture> ReadAsync()
    {
        var ids = await grains.GetGrain<IDirectoryGrain>(0).GetQueues();
        var queues = (await Task.WhenAll(ids.Select(AssessAsync))).OfType<QueueStaffing>().ToList();
        var loads = queues.ToDictionary(q => q.QueueId, SharedCapacity.Load, StringComparer.Ordinal);
        var agents = await live.AgentsAsync();
        var effective = SharedCapacity.Effective(agents.Where(LoggedIn).Select(a => (IReadOnlyCollection<string>)a.Queues), loads);
        return new StaffingPicture(queues, loads, agents, effective);
    }

    private sealed record StaffingPicture(
        IReadOnlyList<QueueStaffing> Queues,
        Dictionary<string, double> Loads,
        IReadOnlyList<AgentSnapshot> Agents,
        Dictionary<string, double> Effective)
    {
        public IReadOnlyList<QueueStaffing> SharedQueues() =>
        [
            .. Queues
                .Select(q => LiveStaffing.Shared(q, Effective.GetValueOrDefault(q.QueueId)))
                .OrderBy(q => q.Gap ?? 0).ThenBy(q => q.QueueId, StringComparer.Ordinal),
        ];
    }

    private async Task<QueueStaffing?> AssessAsync(string queueId)
    {
        var grain = grains.GetGrain<IQueueGrain>(queueId);
        if (await grain.GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        var intervalStart = EventClock.IntervalStart(snapshot.AsOf);
        var intervals = await grain.GetIntervals(intervalStart, intervalStart + EventClock.Interval);
        return LiveStaffing.Assess(snapshot, intervals.Sum(i => i.Figures.Offered));
    }

    /// <summary>Counted in staffing: logged in (away included, as the queues count them).</summary>
    private static bool LoggedIn(AgentSnapshot agent) => agent.State != AgentState.Offline;

    public async Task<QueueForecast?> ForecastAsync(string queueId)
    {
        var grain = grains.GetGrain<IQueueGrain>(queueId);
        if (await grain.GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        var (from, to) = BreachForecast.HistoryWindow(snapshot.AsOf);
        return BreachForecast.Forecast(snapshot, await grain.GetIntervals(from, to));
    }

    public async Task<WaitEstimate?> ExpectedWaitAsync(string queueId) =>
        await grains.GetGrain<IQueueGrain>(queueId).GetSnapshot() is { } snapshot ? ExpectedWait.Estimate(snapshot) : null;

    /// <summary>Agents of the request that are unknown, found without activating a grain for them.</summary>
    public Task<IReadOnlyList<string>> UnknownAgentsAsync(IReadOnlyList<string> agentIds) => known.UnknownAgentsAsync(agentIds);

    /// <summary>
    /// The queues a request touches, with their staffing before and after, in effective agents: a multiskill agent
    /// given one more queue takes a share of their time from their other queues, and those queues show it. Only
    /// agents logged in count: moving an offline agent changes their queues but staffs nothing now.
    /// </summary>
    public async Task<IReadOnlyList<QueueWhatIf>> WhatIfAsync(RerouteRequest request)
    {
        var moved = await Task.WhenAll(request.AgentIds.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()));
        var (queues, loads, _, effective) = await ReadAsync();
        var byId = queues.ToDictionary(q => q.QueueId, StringComparer.Ordinal);
        var delta = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var agent in moved.OfType<AgentSnapshot>())
        {
            var before = agent.Assignments.Select(a => a.QueueId).ToList();
            var after = QueueAssignments.Apply(agent.Assignments, request.Add, request.Remove).Select(a => a.QueueId).ToList();
            var sharesBefore = SharedCapacity.Shares(before, loads);
            var sharesAfter = SharedCapacity.Shares(after, loads);
            var counts = LoggedIn(agent) ? 1 : 0;
            foreach (var q in before.Union(after, StringComparer.Ordinal))
            {
                delta[q] = delta.GetValueOrDefault(q) + (counts * (sharesAfter.GetValueOrDefault(q) - sharesBefore.GetValueOrDefault(q)));
            }
        }

        var result = new List<QueueWhatIf>();
        foreach (var (queueId, change) in delta.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var agentsBefore = LiveStaffing.Round(effective.GetValueOrDefault(queueId));
            var agentsAfter = LiveStaffing.Round(Math.Max(0, agentsBefore + change));
            if (!byId.TryGetValue(queueId, out var staffing))
            {
                result.Add(new QueueWhatIf(queueId, null, agentsBefore, agentsAfter, null, null, null, null));
                continue;
            }

            var (slBefore, asaBefore) = LiveStaffing.Predict(staffing, agentsBefore);
            var (slAfter, asaAfter) = LiveStaffing.Predict(staffing, agentsAfter);
            result.Add(new QueueWhatIf(queueId, staffing.AgentsNeeded, agentsBefore, agentsAfter, slBefore, slAfter, asaBefore, asaAfter));
        }

        return result;
    }

    /// <summary>Queues short of agents, most short first, each with the idle agents elsewhere who have its skill.</summary>
    public async Task<IReadOnlyList<Recommendation>> RecommendationsAsync()
    {
        var picture = await ReadAsync();
        var queues = picture.SharedQueues();
        var agents = picture.Agents;
        var surplus = queues.Where(q => q.Gap is null or >= 0).Select(q => q.QueueId).ToHashSet(StringComparer.Ordinal);
        var result = new List<Recommendation>();
        foreach (var queue in queues.Where(q => q.Gap < 0).OrderBy(q => q.Gap))
        {
            var candidates = agents
                .Where(a => a.State == AgentState.Available
                    && a.Skills.Contains(queue.QueueId, StringComparer.Ordinal)
                    && !a.Queues.Contains(queue.QueueId, StringComparer.Ordinal)
                    && (a.Queues.Count == 0 || a.Queues.Any(surplus.Contains)))
                .OrderBy(a => a.AgentId, StringComparer.Ordinal)
                .Select(a => new Candidate(a.AgentId, a.Queues))
                .ToList();
            result.Add(new Recommendation(queue.QueueId, queue.Gap!.Value, queue.PredictedServiceLevel, candidates));
        }

        return result;
    }
}
