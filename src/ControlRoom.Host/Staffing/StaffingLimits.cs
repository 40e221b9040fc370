using System.Diagnostics.Metrics;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Host.Staffing;

/// <summary>Configuration section <c>Staffing</c>: how much one calculator request may compute.</summary>
public sealed class StaffingLimits
{
    public const string Section = "Staffing";

    /// <summary>
    /// Steps (inner-loop iterations of the Erlang formulas) one request may take: about half a second of one core of the
    /// 2-core development machine (docs/security.md), far above what any query inside the documented ranges needs
    /// at planning sizes, and a refusal (422) rather than a pinned core for the rest.
    /// </summary>
    public long MaxComputeSteps { get; set; } = 200_000_000;

    public ComputeBudget Budget(CancellationToken cancellationToken) => new(MaxComputeSteps, cancellationToken);
}

/// <summary>
/// Meter <c>ControlRoom.Staffing</c>: calculator computations by outcome — <c>started</c>, then <c>completed</c>,
/// <c>refused</c> (over the budget) or <c>cancelled</c> (the caller went away and the loops saw it).
/// </summary>
public sealed class StaffingMetrics
{
    public const string MeterName = "ControlRoom.Staffing";
    public const string ComputationsName = "controlroom.staffing.computations";

    private readonly Counter<long> computations;

    public StaffingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        computations = meter.CreateCounter<long>(ComputationsName, unit: "{computation}", description: "Erlang calculator computations by outcome.");
    }

    public void Record(string outcome) => computations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
