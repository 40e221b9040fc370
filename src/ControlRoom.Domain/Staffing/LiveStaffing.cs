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

    /// <summary>Contacts one agent handles at once (1 for voice, callback and e-mail).</summary>
    public double Concurrency { get; init; } = 1;

    /// <summary>Where <see cref="Concurrency"/> comes from: configured, observed, the channel's usual figure, or one at a time.</summary>
    public ConcurrencySource ConcurrencySource { get; init; } = ConcurrencySource.OneAtATime;

    /// <summary>An agent's time one contact takes: the handle time divided by the concurrency. What Erlang C is fed.</summary>
    public double? WorkloadSeconds => AhtSeconds is { } aht ? LiveStaffing.Round(aht / Concurrency) : null;
}

/// <summary>
/// Reads a queue snapshot as a staffing problem. Every staffing figure — agents needed, the gap, the predicted
/// service level and ASA, the what-if, the 15/30-minute forecast and so the predicted-breach banner — goes through
/// <see cref="Required"/> and <see cref="Predict(QueueStaffing, double, double)"/> on one <see cref="QueueStaffing"/>,
/// so no two screens can disagree on how a queue's load and agents are read.
/// </summary>
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
    /// neither there is no demand to size and the needs are null. The workload of a contact is the AHT divided by
    /// the queue's concurrency (<see cref="Staffing.Concurrency.Of"/>). Agents needed is the larger of the two
    /// windows', so a surge shows before it fills the half hour and a lull does not hide a busy half hour.
    /// Staffed counts every agent logged in with the queue (away included: they are back within the interval).
    /// </summary>
    public static QueueStaffing Assess(QueueSnapshot snapshot, int offeredThisInterval)
    {
        var concurrency = Staffing.Concurrency.Of(snapshot);
        var elapsed = (snapshot.AsOf - EventClock.IntervalStart(snapshot.AsOf)).TotalSeconds;
        var staffing = new QueueStaffing(
            snapshot.QueueId,
            snapshot.AsOf,
            snapshot.Rolling30m.Aht ?? snapshot.Today.Aht,
            snapshot.ServiceLevelThresholdSeconds,
            snapshot.ServiceLevelTarget > 0 ? snapshot.ServiceLevelTarget : 80,
            Window(offeredThisInterval, Math.Max(elapsed, MinimumRateWindow.TotalSeconds)),
            Window(snapshot.Rolling30m.Offered, RollingWindow.TotalSeconds),
            null,
            snapshot.Agents.LoggedIn,
            snapshot.Agents.Available,
            null,
            null,
            null)
        {
            Concurrency = concurrency.Contacts,
            ConcurrencySource = concurrency.Source,
        };

        var interval = staffing.CurrentInterval with { AgentsNeeded = Required(staffing, staffing.CurrentInterval.ArrivalsPerHour) };
        var rolling = staffing.Rolling30m with { AgentsNeeded = Required(staffing, staffing.Rolling30m.ArrivalsPerHour) };
        int? needed = interval.AgentsNeeded is { } a && rolling.AgentsNeeded is { } b ? Math.Max(a, b) : null;
        return Shared(staffing with { CurrentInterval = interval, Rolling30m = rolling, AgentsNeeded = needed }, staffing.AgentsStaffed);
    }

    /// <summary>The fewest agents that reach the queue's target at this arrival rate; null without an AHT.</summary>
    public static int? Required(QueueStaffing staffing, double arrivalsPerHour) =>
        Load(staffing, arrivalsPerHour) is { } load ? ErlangC.Required(load, staffing.TargetServiceLevel / 100).Agents : null;

    /// <summary>
    /// Service level (percent) and ASA at this arrival rate with a fractional number of agents: Erlang C at the whole
    /// numbers either side, interpolated, so a share of an agent moves the prediction as much as it moves the
    /// capacity. ASA is interpolated only when both sides are stable; otherwise it is the nearer whole number's.
    /// Null without an AHT.
    /// </summary>
    public static (double? ServiceLevel, double? Asa) Predict(QueueStaffing staffing, double arrivalsPerHour, double agents)
    {
        if (Load(staffing, arrivalsPerHour) is not { } load)
        {
            return (null, null);
        }

        agents = Math.Max(0, agents);
        var low = (int)Math.Floor(agents);
        var fraction = agents - low;
        var below = ErlangC.Evaluate(load, low);
        if (fraction < 1e-9)
        {
            return (Percent(below.ServiceLevel), below.Asa is { } a ? Round(a) : null);
        }

        var above = ErlangC.Evaluate(load, low + 1);
        var serviceLevel = below.ServiceLevel + (fraction * (above.ServiceLevel - below.ServiceLevel));
        var asa = below.Asa is { } b && above.Asa is { } c ? b + (fraction * (c - b)) : (fraction >= 0.5 ? above : below).Asa;
        return (Percent(serviceLevel), asa is { } value ? Round(value) : null);
    }

    /// <summary>The same queue with <paramref name="agents"/> (effective) staffed: what a move would give, on the busier window.</summary>
    public static (double? ServiceLevel, double? Asa) Predict(QueueStaffing staffing, double agents) =>
        Predict(staffing, Busiest(staffing).ArrivalsPerHour, agents);

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
    public static WindowDemand Busiest(QueueStaffing staffing) =>
        staffing.CurrentInterval.ArrivalsPerHour >= staffing.Rolling30m.ArrivalsPerHour ? staffing.CurrentInterval : staffing.Rolling30m;

    public static double Percent(double fraction) => Round(fraction * 100);

    public static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    /// <summary>The traffic Erlang C is fed: the arrivals of an hour, each taking the workload of one contact.</summary>
    private static TrafficLoad? Load(QueueStaffing staffing, double arrivalsPerHour) =>
        staffing.AhtSeconds is { } aht ? new TrafficLoad(Math.Max(0, arrivalsPerHour), 3600, aht / staffing.Concurrency, staffing.ThresholdSeconds) : null;

    private static WindowDemand Window(double offered, double seconds) => new(offered, seconds, Round(offered * 3600 / seconds), null);
}
