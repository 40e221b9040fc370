using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Staffing;

/// <summary>The service level expected over the next <see cref="Minutes"/> minutes with the agents staffed now.</summary>
public sealed record ForecastPoint(int Minutes, double ArrivalsPerHour, int? AgentsNeeded, double? ServiceLevel, double? Asa, bool Breach);

/// <summary>A queue's forecast: <see cref="EffectiveAgents"/> are the agents the points are computed with, as the planner counts them.</summary>
public sealed record QueueForecast(string QueueId, DateTimeOffset AsOf, int AgentsStaffed, double TargetServiceLevel, IReadOnlyList<ForecastPoint> Points)
{
    /// <summary>The agents staffed with multiskill agents by their share (<see cref="QueueStaffing.EffectiveAgents"/>).</summary>
    public double EffectiveAgents { get; init; } = AgentsStaffed;

    public bool Breach => Points.Any(p => p.Breach);

    /// <summary>The lowest service level forecast, the value a forecast deviation reports.</summary>
    public double? Lowest => Points.Min(p => p.ServiceLevel);
}

/// <summary>
/// Service level forecasts for the next 15 and 30 minutes: the arrival rate of the last intervals (two complete
/// ones and the current one) is fitted with a least-squares line and carried forward; the queue's staffing (its
/// workload per contact, its effective agents, <see cref="LiveStaffing.Predict(QueueStaffing, double, double)"/>)
/// gives the service level at that rate. A line, not a seasonal model: it sees a surge building within the half
/// hour, which is what a planner can still act on.
/// </summary>
public static class BreachForecast
{
    public static readonly IReadOnlyList<int> Horizons = [15, 30];

    public const string RuleId = "forecast-service-level";
    public const string Metric = "forecastServiceLevel";

    /// <summary>The intervals <see cref="Forecast"/> reads: the two before the current one, and the current one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) HistoryWindow(DateTimeOffset now) =>
        (EventClock.IntervalStart(now) - (2 * EventClock.Interval), EventClock.IntervalStart(now) + EventClock.Interval);

    /// <param name="staffing">The queue's staffing now, with its effective agents (<see cref="LiveStaffing.Shared"/>).</param>
    /// <param name="intervals">The queue's 15-minute intervals; those from the last 45 minutes are used.</param>
    public static QueueForecast Forecast(QueueStaffing staffing, IReadOnlyList<IntervalFigures> intervals)
    {
        var now = staffing.AsOf;
        var currentStart = EventClock.IntervalStart(now);
        // Each interval's rate is weighted by the time it covers: the interval under way, minutes old, is a noisy
        // sample and counts for little; stretched to a minimum window instead, it read low for the first minutes of
        // every interval and bent a steady queue's line down (a chat queue at 48 an hour forecast at 22).
        var samples = new List<(double Hours, double PerHour, double Weight)>();
        foreach (var interval in intervals.Where(i => i.Start >= currentStart - (2 * EventClock.Interval) && i.Start <= currentStart))
        {
            var isCurrent = interval.Start == currentStart;
            var seconds = isCurrent ? Math.Max((now - currentStart).TotalSeconds, 1) : EventClock.Interval.TotalSeconds;
            var middle = interval.Start.AddSeconds(seconds / 2);
            samples.Add(((middle - now).TotalHours, interval.Figures.Offered * 3600 / seconds, seconds));
        }

        // Intervals with no contact are not stored; they count as zero so a quiet spell pulls the line down.
        for (var start = currentStart - (2 * EventClock.Interval); start < currentStart; start += EventClock.Interval)
        {
            if (!intervals.Any(i => i.Start == start))
            {
                samples.Add(((start.AddMinutes(7.5) - now).TotalHours, 0, EventClock.Interval.TotalSeconds));
            }
        }

        var (level, slope) = Fit(samples);
        var target = staffing.TargetServiceLevel;
        var points = new List<ForecastPoint>();
        foreach (var minutes in Horizons)
        {
            // The mean rate over [now, now + h] of a line is its value at h/2.
            var perHour = LiveStaffing.Round(Math.Max(0, level + (slope * minutes / 120.0)));
            var (serviceLevel, asa) = LiveStaffing.Predict(staffing, perHour, staffing.EffectiveAgents);
            points.Add(new ForecastPoint(minutes, perHour, LiveStaffing.Required(staffing, perHour), serviceLevel, asa,
                perHour > 0 && serviceLevel < target));
        }

        return new QueueForecast(staffing.QueueId, now, staffing.AgentsStaffed, target, points) { EffectiveAgents = staffing.EffectiveAgents };
    }

    /// <summary>Weighted least squares: the rate now (x = 0) and its change per hour; flat through a single sample.</summary>
    private static (double Level, double Slope) Fit(List<(double X, double Y, double W)> samples)
    {
        var weight = samples.Sum(s => s.W);
        if (weight <= 0)
        {
            return (0, 0);
        }

        var meanX = samples.Sum(s => s.W * s.X) / weight;
        var meanY = samples.Sum(s => s.W * s.Y) / weight;
        var sxx = samples.Sum(s => s.W * (s.X - meanX) * (s.X - meanX));
        if (sxx < 1e-12)
        {
            return (meanY, 0);
        }

        var slope = samples.Sum(s => s.W * (s.X - meanX) * (s.Y - meanY)) / sxx;
        return (meanY - (slope * meanX), slope);
    }
}
