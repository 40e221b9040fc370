using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Staffing;

/// <summary>A queue's staffing before and after a proposed move.</summary>
public sealed record QueueWhatIf(
    string QueueId,
    int? AgentsNeeded,
    int AgentsBefore,
    int AgentsAfter,
    double? ServiceLevelBefore,
    double? ServiceLevelAfter,
    double? AsaBefore,
    double? AsaAfter);

/// <summary>An agent who could help a short queue: idle now, has the skill, serves other queues.</summary>
public sealed record Candidate(string AgentId, IReadOnlyList<string> Queues);

/// <summary>A queue short of agents and who could be moved to it.</summary>
public sealed record Recommendation(string QueueId, int Gap, double? PredictedServiceLevel, IReadOnlyList<Candidate> Candidates);

/// <summary>Staffing reads over the grains, shared by the API and the planner page.</summary>
public sealed class StaffingQueries(IGrainFactory grains, LiveQueries live)
{
    public async Task<QueueStaffing?> QueueAsync(string queueId)
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

    public async Task<IReadOnlyList<QueueStaffing>> QueuesAsync()
    {
        var ids = await grains.GetGrain<IDirectoryGrain>(0).GetQueues();
        var all = await Task.WhenAll(ids.Select(QueueAsync));
        return [.. all.OfType<QueueStaffing>().OrderBy(q => q.Gap ?? 0).ThenBy(q => q.QueueId, StringComparer.Ordinal)];
    }

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

    /// <summary>Agents of the request that are unknown.</summary>
    public async Task<IReadOnlyList<string>> UnknownAgentsAsync(IReadOnlyList<string> agentIds)
    {
        var snapshots = await Task.WhenAll(agentIds.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()));
        return [.. agentIds.Zip(snapshots).Where(p => p.Second is null).Select(p => p.First)];
    }

    /// <summary>
    /// The queues a request touches, with their staffing before and after. Only agents logged in count: moving
    /// an offline agent changes their queues but staffs nothing now.
    /// </summary>
    public async Task<IReadOnlyList<QueueWhatIf>> WhatIfAsync(RerouteRequest request)
    {
        var agents = await Task.WhenAll(request.AgentIds.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()));
        var delta = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var agent in agents.OfType<AgentSnapshot>())
        {
            var before = agent.Assignments.Select(a => a.QueueId).ToHashSet(StringComparer.Ordinal);
            var after = QueueAssignments.Apply(agent.Assignments, request.Add, request.Remove).Select(a => a.QueueId).ToHashSet(StringComparer.Ordinal);
            var counts = agent.State != AgentState.Offline ? 1 : 0;
            foreach (var q in before.Union(after))
            {
                delta[q] = delta.GetValueOrDefault(q) + (after.Contains(q) ? counts : 0) - (before.Contains(q) ? counts : 0);
            }
        }

        var result = new List<QueueWhatIf>();
        foreach (var (queueId, change) in delta.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var staffing = await QueueAsync(queueId);
            var agentsBefore = staffing?.AgentsStaffed ?? 0;
            var predicted = staffing is null ? null : LiveStaffing.Predict(staffing, agentsBefore + change);
            result.Add(new QueueWhatIf(queueId, staffing?.AgentsNeeded, agentsBefore, agentsBefore + change,
                staffing?.PredictedServiceLevel, predicted is null ? null : LiveStaffing.Percent(predicted.ServiceLevel),
                staffing?.PredictedAsa, predicted?.Asa is { } asa ? LiveStaffing.Round(asa) : null));
        }

        return result;
    }

    /// <summary>Queues short of agents, most short first, each with the idle agents elsewhere who have its skill.</summary>
    public async Task<IReadOnlyList<Recommendation>> RecommendationsAsync()
    {
        var queues = await QueuesAsync();
        var agents = await live.AgentsAsync();
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
