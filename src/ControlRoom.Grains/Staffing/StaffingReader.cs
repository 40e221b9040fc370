using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Grains.Staffing;

/// <summary>The staffing of every queue, as the planner, the API and the breach forecaster all read it, and the agents behind it.</summary>
public sealed record StaffingReading(StaffingPicture Picture, IReadOnlyList<AgentSnapshot> Agents);

/// <summary>
/// Reads what <see cref="StaffingPicture"/> needs from the grains — every queue's snapshot and recent intervals,
/// every agent — in one place, so the breach forecaster and the staffing API compute from the same reading.
/// </summary>
public static class StaffingReader
{
    public static async Task<StaffingReading> ReadStaffingAsync(this IGrainFactory grains)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(0);
        var queueIds = await directory.GetQueues();
        var agentIds = await directory.GetAgents();
        var queues = await Task.WhenAll(queueIds.Select(grains.ReadQueueAsync));
        var agents = (await Task.WhenAll(agentIds.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()))).OfType<AgentSnapshot>().ToList();
        var picture = StaffingPicture.Of(queues.OfType<QueueReading>(),
            agents.Where(a => a.State != AgentState.Offline).Select(a => (IReadOnlyCollection<string>)a.Queues));
        return new StaffingReading(picture, agents);
    }

    /// <summary>One queue's snapshot with the intervals its staffing and forecast read; null for a queue never seen.</summary>
    public static async Task<QueueReading?> ReadQueueAsync(this IGrainFactory grains, string queueId)
    {
        var grain = grains.GetGrain<IQueueGrain>(queueId);
        if (await grain.GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        var (from, to) = BreachForecast.HistoryWindow(snapshot.AsOf);
        return new QueueReading(snapshot, await grain.GetIntervals(from, to));
    }
}
