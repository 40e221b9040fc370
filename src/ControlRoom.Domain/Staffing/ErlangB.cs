namespace ControlRoom.Domain.Staffing;

/// <summary>
/// Erlang B in log space. The usual recursion B(n) = A·B(n−1) / (n + A·B(n−1)) underflows to zero for small
/// loads on many agents, which would lose the tail Erlang A needs; the reciprocal I(n) = 1/B(n) = 1 + (n/A)·I(n−1)
/// kept as a logarithm neither overflows nor underflows, and no factorial is ever formed.
/// </summary>
public static class ErlangB
{
    /// <summary>ln(1/B(agents, erlangs)); 0 when there are no agents (every contact is blocked).</summary>
    public static double LogInverse(int agents, double erlangs, ComputeBudget? budget = null)
    {
        if (erlangs <= 0)
        {
            return agents == 0 ? 0 : double.PositiveInfinity;
        }

        budget?.Spend(agents);
        var logA = Math.Log(erlangs);
        var logI = 0.0;
        for (var n = 1; n <= agents; n++)
        {
            logI = NextLogInverse(logI, n, logA);
        }

        return logI;
    }

    /// <summary>One step of the recursion: ln I(n) from ln I(n−1), for searches that add one agent at a time.</summary>
    internal static double NextLogInverse(double previous, int agents, double logErlangs) =>
        LogOnePlusExp(Math.Log(agents) - logErlangs + previous);

    /// <summary>The blocking probability B(agents, erlangs) of a loss system.</summary>
    public static double Blocking(int agents, double erlangs) => Math.Exp(-LogInverse(agents, erlangs));

    /// <summary>ln(1 + eˣ) without overflow for large x.</summary>
    internal static double LogOnePlusExp(double x) => x > 35 ? x + Math.Exp(-x) : Math.Log(1 + Math.Exp(x));
}
