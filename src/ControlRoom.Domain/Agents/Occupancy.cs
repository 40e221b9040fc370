using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Agents;

/// <summary>
/// Occupancy = (busy + wrap-up time) / (busy + wrap-up + available time) over a window, on event time. A timeline
/// carries running totals per step, so any window costs two binary searches instead of a walk over the steps;
/// the last step stays open, so the current state extends to the end of the window.
/// </summary>
public static class Occupancy
{
    public static readonly TimeSpan RollingWindow = TimeSpan.FromMinutes(30);

    /// <summary>The steps of an ordered presence timeline with the totals accumulated before each.</summary>
    public static PresenceTimeline Build(long revision, IReadOnlyList<PresenceEntry> timeline)
    {
        var steps = new PresenceStep[timeline.Count];
        long occupied = 0, available = 0;
        for (var i = 0; i < timeline.Count; i++)
        {
            if (i > 0)
            {
                var span = timeline[i].At.UtcTicks - timeline[i - 1].At.UtcTicks;
                occupied += IsOccupied(timeline[i - 1].State) ? span : 0;
                available += timeline[i - 1].State == AgentState.Available ? span : 0;
            }

            steps[i] = new PresenceStep(timeline[i].At.UtcTicks, timeline[i].State, occupied, available);
        }

        return new PresenceTimeline(revision, steps);
    }

    /// <summary>Occupied and available time (ticks) in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static (long OccupiedTicks, long AvailableTicks) Totals(PresenceTimeline timeline, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return (0, 0);
        }

        var (occupiedTo, availableTo) = Cumulative(timeline.Steps, to.UtcTicks);
        var (occupiedFrom, availableFrom) = Cumulative(timeline.Steps, from.UtcTicks);
        return (occupiedTo - occupiedFrom, availableTo - availableFrom);
    }

    /// <summary>Percent, rounded like every other rate; null when the agent was neither occupied nor available.</summary>
    public static double? Percent(long occupiedTicks, long availableTicks)
    {
        var divisor = occupiedTicks + availableTicks;
        return divisor <= 0 ? null : KpiAccumulator.Round(100.0 * occupiedTicks / divisor);
    }

    public static bool IsOccupied(AgentState state) => state is AgentState.Busy or AgentState.Wrapup;

    /// <summary>Totals from the first step up to <paramref name="ticks"/>.</summary>
    private static (long Occupied, long Available) Cumulative(IReadOnlyList<PresenceStep> steps, long ticks)
    {
        var at = LastAtOrBefore(steps, ticks);
        if (at < 0)
        {
            return (0, 0);
        }

        var step = steps[at];
        var span = ticks - step.AtTicks;
        return (step.OccupiedTicksBefore + (IsOccupied(step.State) ? span : 0),
            step.AvailableTicksBefore + (step.State == AgentState.Available ? span : 0));
    }

    private static int LastAtOrBefore(IReadOnlyList<PresenceStep> steps, long ticks)
    {
        int lo = 0, hi = steps.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (steps[mid].AtTicks <= ticks)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
