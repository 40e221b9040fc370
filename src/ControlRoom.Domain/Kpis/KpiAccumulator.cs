using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Kpis;

/// <summary>
/// Additive counters of the legs offered in one window (a minute, a 15-minute interval, a day). Every leg is
/// added with sign +1 and retracted with sign −1 when a later event changes it; sums are kept in whole
/// milliseconds so that adding and retracting is exact and the figures never drift.
/// </summary>
[GenerateSerializer, Alias("cr.KpiAccumulator")]
public sealed class KpiAccumulator
{
    /// <summary>How many of the longest waits are kept so that the maximum survives a retraction.</summary>
    private const int KeptWaits = 8;

    [Id(0)] public int Offered { get; set; }
    [Id(1)] public int Answered { get; set; }
    [Id(2)] public int Abandoned { get; set; }
    [Id(3)] public int ShortAbandoned { get; set; }
    [Id(4)] public int AnsweredWithinThreshold { get; set; }
    [Id(5)] public int TransferredOut { get; set; }
    [Id(6)] public long WaitMs { get; set; }
    [Id(7)] public int Handled { get; set; }
    [Id(8)] public long HandleMs { get; set; }
    [Id(9)] public int Replied { get; set; }
    [Id(10)] public long FirstResponseMs { get; set; }
    [Id(11)] public int Resolved { get; set; }
    [Id(12)] public int FcrKnown { get; set; }
    [Id(13)] public int FcrYes { get; set; }
    [Id(14)] public int CsatAnswers { get; set; }
    [Id(15)] public int CsatSatisfied { get; set; }
    [Id(16)] public int NpsAnswers { get; set; }
    [Id(17)] public int Promoters { get; set; }
    [Id(18)] public int Detractors { get; set; }

    /// <summary>The longest waits (answered or abandoned), longest first.</summary>
    [Id(19)] public List<long> LongestWaitsMs { get; set; } = [];

    [Id(20)] public int OfferMissing { get; set; }

    /// <summary>Ring-no-answers in this window, by the time the contact rang out (not by its offer).</summary>
    [Id(21)] public int RingNoAnswer { get; set; }

    public bool IsEmpty => Offered == 0 && Answered == 0 && Abandoned == 0 && Resolved == 0 && CsatAnswers == 0
        && NpsAnswers == 0 && Handled == 0 && Replied == 0 && RingNoAnswer == 0;

    /// <summary>Adds (sign +1) or retracts (sign −1) one leg's contribution.</summary>
    public void Apply(LegFact leg, QueueSettings settings, int sign)
    {
        Offered += sign;
        OfferMissing += leg.OfferMissing ? sign : 0;
        switch (leg.Outcome)
        {
            case LegOutcome.Answered:
                var wait = Millis(leg.OfferedAt, leg.OutcomeAt!.Value);
                Answered += sign;
                WaitMs += sign * wait;
                if (wait <= settings.ServiceLevelThresholdSeconds * 1000L)
                {
                    AnsweredWithinThreshold += sign;
                }

                TrackWait(wait, sign);
                break;
            case LegOutcome.Abandoned:
                var abandonedAfter = Millis(leg.OfferedAt, leg.OutcomeAt!.Value);
                Abandoned += sign;
                if (abandonedAfter <= settings.ShortAbandonSeconds * 1000L)
                {
                    ShortAbandoned += sign;
                }

                TrackWait(abandonedAfter, sign);
                break;
            case LegOutcome.TransferredOut:
                TransferredOut += sign;
                break;
        }

        if (leg is { AnsweredAt: { } answeredAt, EndedAt: { } endedAt })
        {
            Handled += sign;
            HandleMs += sign * (Millis(answeredAt, endedAt) + (leg.WrapupEndedAt is { } w ? Millis(endedAt, w) : 0));
        }

        if (leg.FirstReplyAt is { } repliedAt)
        {
            Replied += sign;
            FirstResponseMs += sign * Millis(leg.OfferedAt, repliedAt);
        }

        if (leg.ResolvedAt is not null)
        {
            Resolved += sign;
            if (leg.FirstContact is { } firstContact)
            {
                FcrKnown += sign;
                FcrYes += firstContact ? sign : 0;
            }
        }

        if (leg.Csat is { } csat)
        {
            CsatAnswers += sign;
            CsatSatisfied += csat >= 4 ? sign : 0;
        }

        if (leg.Nps is { } nps)
        {
            NpsAnswers += sign;
            Promoters += nps >= 9 ? sign : 0;
            Detractors += nps <= 6 ? sign : 0;
        }
    }

    /// <summary>Adds (sign +1) or retracts (sign −1) one ring-no-answer of a leg.</summary>
    public void ApplyRingNoAnswer(int sign) => RingNoAnswer += sign;

    public void AddFrom(KpiAccumulator other)
    {
        RingNoAnswer += other.RingNoAnswer;
        Offered += other.Offered;
        Answered += other.Answered;
        Abandoned += other.Abandoned;
        ShortAbandoned += other.ShortAbandoned;
        AnsweredWithinThreshold += other.AnsweredWithinThreshold;
        TransferredOut += other.TransferredOut;
        WaitMs += other.WaitMs;
        Handled += other.Handled;
        HandleMs += other.HandleMs;
        Replied += other.Replied;
        FirstResponseMs += other.FirstResponseMs;
        Resolved += other.Resolved;
        FcrKnown += other.FcrKnown;
        FcrYes += other.FcrYes;
        CsatAnswers += other.CsatAnswers;
        CsatSatisfied += other.CsatSatisfied;
        NpsAnswers += other.NpsAnswers;
        Promoters += other.Promoters;
        Detractors += other.Detractors;
        OfferMissing += other.OfferMissing;
        foreach (var wait in other.LongestWaitsMs)
        {
            TrackWait(wait, +1);
        }
    }

    /// <summary>The contract §2 formulas over this window's counters.</summary>
    public KpiFigures ToFigures() => new()
    {
        Offered = Offered,
        Answered = Answered,
        Abandoned = Abandoned,
        ShortAbandoned = ShortAbandoned,
        AnsweredWithinThreshold = AnsweredWithinThreshold,
        TransferredOut = TransferredOut,
        OfferMissing = OfferMissing,
        RingNoAnswer = RingNoAnswer,
        Handled = Handled,
        ServiceLevel = Percent(AnsweredWithinThreshold, Answered + Abandoned - ShortAbandoned),
        AbandonRate = Percent(Abandoned - ShortAbandoned, Offered - ShortAbandoned),
        Asa = MeanSeconds(WaitMs, Answered),
        Aht = MeanSeconds(HandleMs, Handled),
        FirstResponseSeconds = MeanSeconds(FirstResponseMs, Replied),
        ResolutionRate = Percent(Resolved, Offered),
        Fcr = Percent(FcrYes, FcrKnown),
        Csat = Percent(CsatSatisfied, CsatAnswers),
        Nps = NpsAnswers == 0 ? null : Round(100.0 * (Promoters - Detractors) / NpsAnswers),
        MaxWaitSeconds = LongestWaitsMs.Count == 0 ? null : Round(LongestWaitsMs[0] / 1000.0),
    };

    public static double? Percent(int part, int whole) => whole <= 0 ? null : Round(100.0 * part / whole);

    public static double? MeanSeconds(long totalMs, int count) => count <= 0 ? null : Round(totalMs / 1000.0 / count);

    public static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static bool IsAsynchronous(Channel channel) => channel is Channel.Email or Channel.Social or Channel.Messaging;

    /// <summary>A duration in whole milliseconds, never negative (sources' clocks may disagree).</summary>
    public static long Millis(DateTimeOffset from, DateTimeOffset to) =>
        Math.Max(0, (to.UtcTicks - from.UtcTicks) / TimeSpan.TicksPerMillisecond);

    private void TrackWait(long waitMs, int sign)
    {
        var waits = LongestWaitsMs;
        if (sign > 0)
        {
            if (waits.Count == KeptWaits && waitMs <= waits[^1])
            {
                return;
            }

            // A loop, not FindIndex with a lambda: that allocated a closure and a delegate for every wait tracked, 2.9 % of
            // a large room's allocations (issue 15).
            var at = 0;
            while (at < waits.Count && waits[at] >= waitMs)
            {
                at++;
            }

            waits.Insert(at, waitMs);
            if (waits.Count > KeptWaits)
            {
                waits.RemoveAt(waits.Count - 1);
            }
        }
        else
        {
            waits.Remove(waitMs);
        }
    }
}
