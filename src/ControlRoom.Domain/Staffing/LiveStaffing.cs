using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Staffing;

/// <summary>Arrivals seen over one window and the agents Erlang C says that rate needs.</summary>
public sealed record WindowDemand(double Offered, double Seconds, double ArrivalsPerHour, int? AgentsNeeded);

/// <summary>
/// One queue's staffing now: demand over the current 15-minute interval and the rolling 30 minutes, the agents
/// needed for its target against those logged in with it, and what the staffed agents are predicted to achieve.
/// <see cref="Gap"/> and the predictions use <see cref="EffectiveAgents"/>: the head count until
/// <see cref="LiveStaffing.Shared"/> counts multiskill agents by their share.
/// </summary>
public sealed record QueueStaffing(
    string QueueId,
    DateTimeOffset AsOf,
    double? AhtSeconds,
    int ThresholdSeconds,
    double TargetServiceLevel,
    WindowDemand CurrentInterval,
    WindowDemand Rolling30m,
    int? AgentsNeeded,
    int AgentsStaffed,
    int AgentsAvailable,
    double? Gap,
    double? PredictedServiceLevel,
    double? PredictedAsa)
{
    /// <summary>Agents staffed, each multiskill agent counted by the share of time this queue gets (see <see cref="SharedCapacity"/>).</summary>
    public double EffectiveAgents { get; init; } = AgentsStaffed;
}

/// <summary>Reads a queue snapshot as a staffing problem; pure, so the host and the planner page share it.</summary>
public static class LiveStaffing
{
    /// <summary>
    /// An interval only minutes old would turn two early contacts into a storm: its rate is taken over at least
    /// this much time.
    /// </summary>
    public static readonly TimeSpan MinimumRateWindow = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RollingWindow = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The staffing of <paramref name="snapshot"/>. <paramref name="offeredThisInterval"/> is the count of the
    /// 15-minute interval containing <c>snapshot.AsOf</c>. AHT is the rolling 30 minutes', else today's; with
    /// neither there is no demand to size and the needs are null. Agents needed is the larger of the two
    /// windows', so a surge shows before it fills the half hour and a lull does not hide a busy half hour.
    /// Staffed counts every agent logged in with the queue (away included: they are back within the interval).
    /// </summary>
    public static QueueStaffing Assess(QueueSnapshot snapshot, int offeredThisInterval, double? fallbackAhtSeconds = null)
    {
        var aht = snapshot.Rolling30m.Aht ?? snapshot.Today.Aht ?? fallbackAhtSeconds;
        var target = snapshot.ServiceLevelTarget > 0 ? snapshot.ServiceLevelTarget : 80;
        var threshold = snapshot.ServiceLevelThresholdSeconds;
        var elapsed = (snapshot.AsOf - EventClock.IntervalStart(snapshot.AsOf)).TotalSeconds;
        var intervalSeconds = Math.Max(elapsed, MinimumRateWindow.TotalSeconds);

        var interval = Demand(offeredThisInterval, intervalSeconds, aht, threshold, target);
        var rolling = Demand(snapshot.Rolling30m.Offered, RollingWindow.TotalSeconds, aht, threshold, target);
        int? needed = interval.AgentsNeeded is { } a && rolling.AgentsNeeded is { } b ? Math.Max(a, b) : null;
        var staffed = snapshot.Agents.LoggedIn;

        StaffingResult? predicted = null;
        if (aht is { } h)
        {
            var busiest = Busier(interval, rolling);
            predicted = ErlangC.Evaluate(new TrafficLoad(busiest.Offered, busiest.Seconds, h, threshold), staffed);
        }

        return new QueueStaffing(snapshot.QueueId, snapshot.AsOf, aht, threshold, target, interval, rolling, needed, staffed,
            snapshot.Agents.Available, needed is { } n ? staffed - n : null,
            predicted is null ? null : Percent(predicted.ServiceLevel), predicted?.Asa is { } asa ? Round(asa) : null);
    }

    /// <summary>The same queue with <paramref name="agents"/> staffed instead: what a move would give.</summary>
    public static StaffingResult? Predict(QueueStaffing staffing, int agents)
    {
        if (staffing.AhtSeconds is not { } aht)
        {
            return null;
        }

        var busiest = Busiest(staffing);
        return ErlangC.Evaluate(new TrafficLoad(busiest.Offered, busiest.Seconds, aht, staffing.ThresholdSeconds), Math.Max(0, agents));
    }

    /// <summary>
    /// Service level (percent) and ASA with a fractional number of agents: Erlang C at the whole numbers either side,
    /// interpolated, so a share of an agent moves the prediction as much as it moves the capacity. ASA is
    /// interpolated only when both sides are stable; otherwise it is the nearer whole number's.
    /// </summary>
    public static (double? ServiceLevel, double? Asa) Predict(QueueStaffing staffing, double agents)
    {
        agents = Math.Max(0, agents);
        var low = (int)Math.Floor(agents);
        var fraction = agents - low;
        if (Predict(staffing, low) is not { } below)
        {
            return (null, null);
        }

        if (fraction < 1e-9)
        {
            return (Percent(below.ServiceLevel), below.Asa is { } a ? Round(a) : null);
        }

        var above = Predict(staffing, low + 1)!;
        var serviceLevel = below.ServiceLevel + (fraction * (above.ServiceLevel - below.ServiceLevel));
        var asa = below.Asa is { } b && above.Asa is { } c ? b + (fraction * (c - b)) : (fraction >= 0.5 ? above : below).Asa;
        return (Percent(serviceLevel), asa is { } value ? Round(value) : null);
    }

    /// <summary>The queue with its agents counted by their shares: gap and predictions on the effective agents.</summary>
    public static QueueStaffing Shared(QueueStaffing staffing, double effectiveAgents)
    {
        var effective = Round(effectiveAgents);
        var (serviceLevel, asa) = Predict(staffing, effective);
        return staffing with
        {
            EffectiveAgents = effective,
            Gap = staffing.AgentsNeeded is { } needed ? Math.Round(effective - needed, 1, MidpointRounding.AwayFromZero) : null,
            PredictedServiceLevel = serviceLevel,
            PredictedAsa = asa,
        };
    }

    /// <summary>The window with the higher arrival rate: what the predictions and the shared loads are sized on.</summary>
    public static WindowDemand Busiest(QueueStaffing staffing) => Busier(staffing.CurrentInterval, staffing.Rolling30m);

    public static double Percent(double fraction) => Round(fraction * 100);

    public static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    private static WindowDemand Busier(WindowDemand interval, WindowDemand rolling) =>
        interval.ArrivalsPerHour >= rolling.ArrivalsPerHour ? interval : rolling;

    private static WindowDemand Demand(double offered, double seconds, double? aht, int threshold, double target)
    {
        var perHour = Round(offered * 3600 / seconds);
        if (aht is not { } h)
        {
            return new WindowDemand(offered, seconds, perHour, null);
        }

        var required = ErlangC.Required(new TrafficLoad(offered, seconds, h, threshold), target / 100);
        return new WindowDemand(offered, seconds, perHour, required.Agents);
    }
}
