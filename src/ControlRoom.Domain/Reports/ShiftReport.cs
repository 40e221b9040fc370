using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Reports;

/// <summary>What a shift's report says of one queue or one board: volumes and KPIs from the intervals, the rest from the room's records.</summary>
public sealed record ShiftFigures
{
    public int Offered { get; init; }
    public int Answered { get; init; }
    public int Abandoned { get; init; }
    public int ShortAbandoned { get; init; }
    public double? ServiceLevel { get; init; }
    public double? AbandonRate { get; init; }
    public double? Asa { get; init; }
    public double? Aht { get; init; }
    public double? MaxWaitSeconds { get; init; }
    public int TransferredOut { get; init; }

    /// <summary>The 15-minute interval with the most contacts offered (the earliest of equals); null when none were.</summary>
    public DateTimeOffset? PeakIntervalStart { get; init; }
    public int PeakOffered { get; init; }

    /// <summary>Waiting contacts and open backlog at the shift's end, as recorded then; null when the room did not record it.</summary>
    public int? BacklogAtEnd { get; init; }
    public double? OldestOpenSecondsAtEnd { get; init; }

    public int OpenCallbacks { get; init; }
    public int AlertsRaised { get; init; }

    /// <summary>Median seconds from raise to acknowledgement over the shift's alerts that were acknowledged.</summary>
    public double? MedianSecondsToAcknowledge { get; init; }
    public int Reroutes { get; init; }
}

/// <summary>
/// The report's maths, once for every screen, file and delivery. The intervals are added up as counters (the
/// <see cref="KpiAccumulator"/> sums behind each interval's means), and service level, abandon rate, ASA and AHT are
/// then computed by the same formulas as the live KPIs, so a shift equals the sum of its intervals.
/// </summary>
public static class ShiftReport
{
    public static ShiftFigures FromIntervals(IEnumerable<IntervalFigures> intervals)
    {
        var total = new KpiAccumulator();
        var byStart = new SortedDictionary<DateTimeOffset, int>();
        foreach (var interval in intervals)
        {
            total.AddFrom(Counters(interval.Figures));
            byStart[interval.Start] = byStart.GetValueOrDefault(interval.Start) + interval.Figures.Offered;
        }

        var figures = total.ToFigures();
        var peak = byStart.Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => p.Key).FirstOrDefault();
        return new ShiftFigures
        {
            Offered = figures.Offered,
            Answered = figures.Answered,
            Abandoned = figures.Abandoned,
            ShortAbandoned = figures.ShortAbandoned,
            ServiceLevel = figures.ServiceLevel,
            AbandonRate = figures.AbandonRate,
            Asa = figures.Asa,
            Aht = figures.Aht,
            MaxWaitSeconds = figures.MaxWaitSeconds,
            TransferredOut = figures.TransferredOut,
            PeakIntervalStart = peak.Value > 0 ? peak.Key : null,
            PeakOffered = peak.Value,
        };
    }

    /// <summary>The median of the durations (seconds), the mean of the middle two for an even count; null for none.</summary>
    public static double? Median(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return KpiAccumulator.Round(sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    /// <summary>
    /// An interval's counters back from its figures: the counts as they are, the sums of waits and handling times from
    /// the means (kept to the hundredth of a second), the longest wait as the interval's maximum.
    /// </summary>
    private static KpiAccumulator Counters(KpiFigures f) => new()
    {
        Offered = f.Offered,
        Answered = f.Answered,
        Abandoned = f.Abandoned,
        ShortAbandoned = f.ShortAbandoned,
        AnsweredWithinThreshold = f.AnsweredWithinThreshold,
        TransferredOut = f.TransferredOut,
        OfferMissing = f.OfferMissing,
        WaitMs = (long)Math.Round((f.Asa ?? 0) * 1000 * f.Answered),
        Handled = f.Handled,
        HandleMs = (long)Math.Round((f.Aht ?? 0) * 1000 * f.Handled),
        LongestWaitsMs = f.MaxWaitSeconds is { } max ? [(long)Math.Round(max * 1000)] : [],
    };
}
