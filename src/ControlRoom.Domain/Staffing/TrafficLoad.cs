namespace ControlRoom.Domain.Staffing;

/// <summary>
/// The traffic one queue must carry: contacts arriving over an interval, their handle time, and the wait the
/// service level is measured against. Rates are per second.
/// </summary>
public sealed record TrafficLoad(double Arrivals, double IntervalSeconds, double AhtSeconds, double ThresholdSeconds)
{
    /// <summary>Arrival rate λ, contacts per second.</summary>
    public double ArrivalRate => IntervalSeconds > 0 ? Arrivals / IntervalSeconds : 0;

    /// <summary>Offered load A = λ × AHT, in Erlangs (agents kept busy on average).</summary>
    public double Erlangs => ArrivalRate * AhtSeconds;

    /// <summary>True when the figures can be fed to the formulas (non-negative, a positive interval and AHT).</summary>
    public bool IsValid => Arrivals >= 0 && IntervalSeconds > 0 && AhtSeconds > 0 && ThresholdSeconds >= 0
        && double.IsFinite(Arrivals) && double.IsFinite(IntervalSeconds) && double.IsFinite(AhtSeconds) && double.IsFinite(ThresholdSeconds);
}

/// <summary>
/// What a number of agents achieves on a load. Service level and probabilities are fractions (0–1); ASA is in
/// seconds and null when the queue grows without bound (load at or above the agents, no abandonment).
/// <see cref="ProbabilityOfAbandon"/> is set by Erlang A only.
/// </summary>
public sealed record StaffingResult(
    int Agents,
    double ServiceLevel,
    double? Asa,
    double ProbabilityOfWaiting,
    double Occupancy,
    double? ProbabilityOfAbandon = null)
{
    /// <summary>False when waiting grows without bound (Erlang C with load ≥ agents).</summary>
    public bool IsStable => Asa is not null;
}
