using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Grains.Staffing;

/// <summary>The staffing of every queue, as the planner reads it, and the agents behind it.</summary>
public sealed record StaffingReading(StaffingPicture Picture, IReadOnlyList<AgentSnapshot> Agents);

/// <summary>
/// Reads what <see cref="StaffingPicture"/> needs from the grains in one place, so the breach forecaster, the staffing
/// API and the planner compute from the same reading: one call per queue, which answers with its figures, its
/// intervals and its logged-in members. An agent's queues are the queues that list it, so the picture needs no call
/// to any agent (the forecaster reads it every five seconds: at 1,000 queues and 10,000 agents that was 12,000 calls
/// a round, the largest part of the idle room's CPU).
/// </summary>
public static class StaffingReader
{
    public static async Task<StaffingPicture> ReadPictureAsync(this IGrainFactory grains)
    {
        var queueIds = await grains.GetGrain<IDirectoryGrain>(0).GetQueues();
        var inputs = (await Task.WhenAll(queueIds.Select(id => grains.GetGrain<IQueueGrain>(id).GetStaffingInput()))).OfType<StaffingInput>().ToList();
        var memberships = 0;
        foreach (var input in inputs)
        {
            memberships += input.LoggedIn.Count;
        }

        // Sized for every membership (an upper bound of the agents): rebuilt every round for up to 10,000 agents.
        var agentQueues = new Dictionary<string, List<string>>(memberships, StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            foreach (var agentId in input.LoggedIn)
            {
                if (!agentQueues.TryGetValue(agentId, out var queues))
                {
                    queues = new List<string>(2); // most agents serve one or two queues
                    agentQueues[agentId] = queues;
                }

                queues.Add(input.Snapshot.QueueId);
            }
        }

        return StaffingPicture.Of(inputs.Select(Reading), agentQueues.Values);
    }

    /// <summary>The picture and every agent's snapshot (the planner's recommendations name the agents to move).</summary>
    public static async Task<StaffingReading> ReadStaffingAsync(this IGrainFactory grains)
    {
        var picture = await grains.ReadPictureAsync();
        var agentIds = await grains.GetGrain<IDirectoryGrain>(0).GetAgents();
        var agents = (await Task.WhenAll(agentIds.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()))).OfType<AgentSnapshot>().ToList();
        return new StaffingReading(picture, agents);
    }

    /// <summary>One queue's snapshot with the intervals its staffing and forecast read; null for a queue never seen.</summary>
    public static async Task<QueueReading?> ReadQueueAsync(this IGrainFactory grains, string queueId) =>
        await grains.GetGrain<IQueueGrain>(queueId).GetStaffingInput() is { } input ? Reading(input) : null;

    private static QueueReading Reading(StaffingInput input) => new(input.Snapshot, input.Intervals);
}
