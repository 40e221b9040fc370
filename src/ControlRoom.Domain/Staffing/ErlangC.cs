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
    public static double ProbabilityOfWaiting(int agents, double erlangs, ComputeBudget? budget = null)
    {
        if (erlangs <= 0)
        {
            return 0;
        }

        if (agents <= erlangs)
        {
            return 1;
        }

        return ProbabilityOfWaiting(agents, erlangs, Math.Exp(-ErlangB.LogInverse(agents, erlangs, budget)));
    }

    public static StaffingResult Evaluate(TrafficLoad load, int agents, ComputeBudget? budget = null)
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

        return Stable(load, agents, ProbabilityOfWaiting(agents, a, budget));
    }

    /// <summary>
    /// The fewest agents whose service level reaches <paramref name="target"/> (a fraction below 1). Erlang B's
    /// reciprocal grows one agent at a time, so the search carries it along rather than recomputing it for each
    /// candidate: linear in the agents searched, not quadratic, whatever load a source's figures imply.
    /// </summary>
    public static StaffingResult Required(TrafficLoad load, double target, ComputeBudget? budget = null)
    {
        var a = load.Erlangs;
        if (a <= 0)
        {
            return Evaluate(load, 0);
        }

        var first = (int)Math.Floor(a) + 1;
        if (first > MaxAgents)
        {
            return Evaluate(load, MaxAgents, budget);
        }

        // Service level rises with every agent added above the load, so the first that reaches it is the answer.
        var logA = Math.Log(a);
        var logInverse = ErlangB.LogInverse(first - 1, a, budget);
        for (var n = first; n <= MaxAgents; n++)
        {
            budget?.Spend(1);
            logInverse = ErlangB.NextLogInverse(logInverse, n, logA);
            var result = Stable(load, n, ProbabilityOfWaiting(n, a, Math.Exp(-logInverse)));
            if (result.ServiceLevel >= target)
            {
                return result;
            }
        }

        return Evaluate(load, MaxAgents, budget);
    }

    private static double ProbabilityOfWaiting(int agents, double erlangs, double blocking) =>
        Math.Clamp(agents * blocking / (agents - erlangs * (1 - blocking)), 0, 1);

    /// <summary>The figures of <paramref name="agents"/> above the load, whose probability of waiting is <paramref name="pw"/>.</summary>
    private static StaffingResult Stable(TrafficLoad load, int agents, double pw)
    {
        var a = load.Erlangs;
        var spare = agents - a;

        // Waits of delayed contacts are exponential with rate (N − A)/AHT.
        var serviceLevel = 1 - pw * Math.Exp(-spare * load.ThresholdSeconds / load.AhtSeconds);
        var asa = pw * load.AhtSeconds / spare;
        return new StaffingResult(agents, serviceLevel, asa, pw, a / agents);
    }
}
