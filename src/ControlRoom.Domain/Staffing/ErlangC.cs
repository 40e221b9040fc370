namespace ControlRoom.Domain.Staffing;

/// <summary>
/// Erlang C (M/M/N, callers never give up): probability of waiting, service level, ASA, occupancy, and the
/// fewest agents that reach a service-level target. Built on <see cref="ErlangB"/>, so stable to thousands of agents.
/// </summary>
public static class ErlangC
{
    /// <summary>Agents are never searched beyond this: a queue needing more is out of any planner's reach.</summary>
    public const int MaxAgents = 100_000;

    /// <summary>P(wait) = N·B / (N − A·(1 − B)); 1 when the load is at or above the agents.</summary>
    public static double ProbabilityOfWaiting(int agents, double erlangs)
    {
        if (erlangs <= 0)
        {
            return 0;
        }

        if (agents <= erlangs)
        {
            return 1;
        }

        var b = ErlangB.Blocking(agents, erlangs);
        return Math.Clamp(agents * b / (agents - erlangs * (1 - b)), 0, 1);
    }

    public static StaffingResult Evaluate(TrafficLoad load, int agents)
    {
        var a = load.Erlangs;
        if (a <= 0)
        {
            return new StaffingResult(agents, 1, 0, 0, 0);
        }

        if (agents <= a)
        {
            return new StaffingResult(agents, 0, null, 1, 1);
        }

        var pw = ProbabilityOfWaiting(agents, a);
        var spare = agents - a;

        // Waits of delayed contacts are exponential with rate (N − A)/AHT.
        var serviceLevel = 1 - pw * Math.Exp(-spare * load.ThresholdSeconds / load.AhtSeconds);
        var asa = pw * load.AhtSeconds / spare;
        return new StaffingResult(agents, serviceLevel, asa, pw, a / agents);
    }

    /// <summary>The fewest agents whose service level reaches <paramref name="target"/> (a fraction below 1).</summary>
    public static StaffingResult Required(TrafficLoad load, double target)
    {
        if (load.Erlangs <= 0)
        {
            return Evaluate(load, 0);
        }

        // Service level rises with every agent added above the load, so the first that reaches it is the answer.
        for (var n = (int)Math.Floor(load.Erlangs) + 1; n <= MaxAgents; n++)
        {
            var result = Evaluate(load, n);
            if (result.ServiceLevel >= target)
            {
                return result;
            }
        }

        return Evaluate(load, MaxAgents);
    }
}
