namespace ControlRoom.Domain.Staffing;

/// <summary>
/// Erlang A (Palm's M/M/N+M): callers wait an exponentially distributed patience with the given mean and hang
/// up when it runs out. Always stable, so it also answers for a load at or above the agents.
/// <para>
/// The birth–death chain is solved in log space relative to the state with every agent busy: the states below it
/// sum to 1/B − 1 (Erlang B), the queue states follow π(N+k) = π(N)·∏ λ/(Nμ + iθ). A tagged contact that finds k
/// others waiting moves up at rate Nμ + iθ while i are ahead and gives up at rate θ, which gives the share that
/// is answered, its mean wait, and (by uniformisation) the share answered within the threshold.
/// </para>
/// </summary>
public static class ErlangA
{
    /// <summary>Queue states whose weight falls below e^-40 of the largest are left out (under 1e-17 of the mass).</summary>
    private const double LogCutoff = -40;

    private const int MaxQueueStates = 1_000_000;

    public static StaffingResult Evaluate(TrafficLoad load, int agents, double patienceSeconds, ComputeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patienceSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        var a = load.Erlangs;
        if (a <= 0)
        {
            return new StaffingResult(agents, 1, 0, 0, 0, 0);
        }

        var mu = 1 / load.AhtSeconds;
        var theta = 1 / patienceSeconds;
        var lambda = load.ArrivalRate;

        // Log weights of the queue states k = 0, 1, … (k contacts waiting), relative to π(N).
        var logQueue = new List<double> { 0 };
        var logBelow = LogBelow(agents, a, budget);
        var max = Math.Max(0, logBelow);
        var log = 0.0;
        for (var k = 1; k < MaxQueueStates; k++)
        {
            budget?.Spend(1);
            var rate = agents * mu + k * theta;
            log += Math.Log(lambda / rate);
            logQueue.Add(log);
            max = Math.Max(max, log);
            if (lambda < rate && log - max < LogCutoff)
            {
                break;
            }
        }

        budget?.Spend(2L * logQueue.Count);
        var below = Math.Exp(logBelow - max);
        var queue = logQueue.Select(l => Math.Exp(l - max)).ToArray();
        var total = below + queue.Sum();

        // Per k ahead: the share answered (q) and its expected wait, by the product of competing exponentials.
        double waiting = 0, answeredAfterWait = 0, waitOfAnswered = 0;
        var q = 1.0;
        var meanToHead = 0.0;
        for (var k = 0; k < queue.Length; k++)
        {
            var advance = agents * mu + k * theta; // k others ahead (k = 0: the contact is at the head)
            q *= advance / (advance + theta);
            meanToHead += 1 / (advance + theta);
            var p = queue[k] / total;
            waiting += p;
            answeredAfterWait += p * q;
            waitOfAnswered += p * q * meanToHead;
        }

        if (agents == 0)
        {
            // Nobody answers: the chain above still holds with Nμ = 0, and every contact waits then gives up.
            waiting = 1;
            answeredAfterWait = 0;
            waitOfAnswered = 0;
        }

        var answered = 1 - waiting + answeredAfterWait;
        var abandon = Math.Clamp(1 - answered, 0, 1);
        var withinThreshold = 1 - waiting + AnsweredWithin(queue, total, agents * mu, theta, load.ThresholdSeconds, budget);
        var asa = answered > 0 ? waitOfAnswered / answered : 0;
        var occupancy = agents == 0 ? 1 : Math.Min(1, lambda * answered * load.AhtSeconds / agents);
        return new StaffingResult(agents, Math.Clamp(withinThreshold, 0, 1), asa, Math.Clamp(waiting, 0, 1), occupancy, abandon);
    }

    /// <summary>The fewest agents whose service level (answered within the threshold, of all offered) reaches the target.</summary>
    public static StaffingResult Required(TrafficLoad load, double target, double patienceSeconds, ComputeBudget? budget = null)
    {
        if (load.Erlangs <= 0)
        {
            return Evaluate(load, 0, patienceSeconds, budget);
        }

        // Service level rises with agents; find a staffing that reaches the target, then bisect below it.
        int low = 0, high = Math.Max(1, (int)Math.Ceiling(load.Erlangs));
        while (Evaluate(load, high, patienceSeconds, budget).ServiceLevel < target)
        {
            low = high;
            high *= 2;
            if (high > ErlangC.MaxAgents)
            {
                return Evaluate(load, ErlangC.MaxAgents, patienceSeconds, budget);
            }
        }

        while (high - low > 1)
        {
            var mid = low + ((high - low) / 2);
            if (Evaluate(load, mid, patienceSeconds, budget).ServiceLevel >= target)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return Evaluate(load, high, patienceSeconds, budget);
    }

    /// <summary>ln(Σ_{j&lt;N} π_j / π_N) = ln(1/B − 1); −∞ with no agents (no state below).</summary>
    private static double LogBelow(int agents, double erlangs, ComputeBudget? budget)
    {
        if (agents == 0)
        {
            return double.NegativeInfinity;
        }

        var logInverse = ErlangB.LogInverse(agents, erlangs, budget);
        return logInverse + Math.Log(-double.ExpM1(-logInverse));
    }

    /// <summary>
    /// The share of arrivals that waited and were answered within <paramref name="threshold"/> seconds. The tagged
    /// contact's chain (k ahead → … → head → answered, leaving at rate θ) is uniformised at rate Λ and the
    /// probabilities of being answered within n jumps are weighted by the Poisson(ΛT) number of jumps.
    /// </summary>
    private static double AnsweredWithin(double[] queue, double total, double serviceRate, double theta, double threshold, ComputeBudget? budget)
    {
        if (threshold <= 0 || serviceRate <= 0)
        {
            return 0;
        }

        var states = queue.Length;
        var uniform = serviceRate + (states * theta);
        var mean = uniform * threshold;

        // h[k]: probability that a contact with k ahead is answered within the jumps made so far.
        var h = new double[states];
        var next = new double[states];
        var result = new double[states];
        var logPoisson = -mean; // ln P(0 jumps)
        var cumulative = Math.Exp(logPoisson);
        for (var n = 1; cumulative < 1 - 1e-13 || n <= mean; n++)
        {
            // The costly loop: jumps (about Λ·T) times queue states. Each jump is accounted for, and a caller
            // that has gone stops it here.
            budget?.Spend(2L * states);
            for (var k = 0; k < states; k++)
            {
                var advance = serviceRate + (k * theta);
                var moved = k == 0 ? 1 : h[k - 1];
                next[k] = (advance / uniform * moved) + ((1 - ((advance + theta) / uniform)) * h[k]);
            }

            (h, next) = (next, h);
            logPoisson += Math.Log(mean / n);
            var weight = Math.Exp(logPoisson);
            cumulative += weight;
            for (var k = 0; k < states; k++)
            {
                result[k] += weight * h[k];
            }

            if (n > 10 * (mean + 100))
            {
                break; // unreachable in practice: the Poisson tail is spent long before
            }
        }

        var sum = 0.0;
        for (var k = 0; k < states; k++)
        {
            sum += queue[k] / total * result[k];
        }

        return sum;
    }
}
