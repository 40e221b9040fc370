using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Reports;

namespace ControlRoom.Domain.Tests.Reports;

public sealed class ShiftReportTests
{
    private static readonly DateTimeOffset ShiftStart = new(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
    private static readonly QueueSettings Settings = new();

    /// <summary>A day's legs over six hours: answered after varying waits and handling, some abandoned, some short.</summary>
    private static List<LegFact> Legs(int seed)
    {
        var random = new Random(seed);
        var legs = new List<LegFact>();
        for (var i = 0; i < 600; i++)
        {
            var offered = ShiftStart.AddSeconds(random.Next(0, 6 * 3600));
            var wait = TimeSpan.FromMilliseconds(random.Next(500, 120_000));
            var leg = new LegFact($"i{i}", 0, "billing", Channel.Voice, offered);
            legs.Add(random.Next(10) switch
            {
                < 7 => leg with
                {
                    Outcome = LegOutcome.Answered,
                    OutcomeAt = offered + wait,
                    AnsweredAt = offered + wait,
                    AgentId = "a1",
                    EndedAt = random.Next(5) == 0 ? null : offered + wait + TimeSpan.FromMilliseconds(random.Next(30_000, 600_000)),
                },
                < 9 => leg with { Outcome = LegOutcome.Abandoned, OutcomeAt = offered + wait },
                _ => leg,
            });
        }

        return legs;
    }

    /// <summary>The intervals as a queue keeps them: one accumulator per 15 minutes of offer time.</summary>
    private static List<IntervalFigures> Intervals(IEnumerable<LegFact> legs) =>
    [
        .. legs.GroupBy(l => new DateTimeOffset(l.OfferedAt.UtcTicks - (l.OfferedAt.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero))
            .Select(g =>
            {
                var acc = new KpiAccumulator();
                foreach (var leg in g)
                {
                    acc.Apply(leg, Settings, +1);
                }

                return new IntervalFigures(g.Key, acc.ToFigures());
            }),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShiftFromIntervals_EqualsTheKpisOverAllItsContactsAtOnce(int seed)
    {
        var legs = Legs(seed);
        var whole = new KpiAccumulator();
        legs.ForEach(l => whole.Apply(l, Settings, +1));
        var expected = whole.ToFigures();

        var shift = ShiftReport.FromIntervals(Intervals(legs));

        shift.Offered.Should().Be(expected.Offered);
        shift.Answered.Should().Be(expected.Answered);
        shift.Abandoned.Should().Be(expected.Abandoned);
        shift.ShortAbandoned.Should().Be(expected.ShortAbandoned);
        shift.ServiceLevel.Should().Be(expected.ServiceLevel);
        shift.AbandonRate.Should().Be(expected.AbandonRate);
        shift.MaxWaitSeconds.Should().Be(expected.MaxWaitSeconds);
        // The means come back from each interval's mean (to the hundredth of a second): equal within that rounding.
        shift.Asa!.Value.Should().BeApproximately(expected.Asa!.Value, 0.01);
        shift.Aht!.Value.Should().BeApproximately(expected.Aht!.Value, 0.01);
    }

    [Fact]
    public void ServiceLevelAndAbandonRate_LeaveShortAbandonsOut()
    {
        var at = ShiftStart.AddMinutes(3);
        var leg = new LegFact("x", 0, "q", Channel.Voice, at);
        var shift = ShiftReport.FromIntervals(Intervals(
        [
            leg with { InteractionId = "a", Outcome = LegOutcome.Answered, OutcomeAt = at.AddSeconds(10), AnsweredAt = at.AddSeconds(10) },
            leg with { InteractionId = "b", Outcome = LegOutcome.Answered, OutcomeAt = at.AddSeconds(30), AnsweredAt = at.AddSeconds(30) },
            leg with { InteractionId = "c", Outcome = LegOutcome.Abandoned, OutcomeAt = at.AddSeconds(3) },
            leg with { InteractionId = "d", Outcome = LegOutcome.Abandoned, OutcomeAt = at.AddSeconds(60) },
        ]));

        shift.Offered.Should().Be(4);
        shift.ShortAbandoned.Should().Be(1);
        shift.ServiceLevel.Should().Be(33.33, "1 within 20 s of 2 answered + 1 long abandon");
        shift.AbandonRate.Should().Be(33.33, "1 long abandon of 3 offered past the short threshold");
        shift.Asa.Should().Be(20);
    }

    [Fact]
    public void Peak_IsTheBusiestIntervalAcrossTheBoardsQueues_TheEarliestOfEquals()
    {
        static IntervalFigures I(int minutes, int offered) => new(ShiftStart.AddMinutes(minutes), new KpiFigures { Offered = offered });

        // Two queues of a board: 07:15 has 4 + 5 = 9, more than either queue's own busiest interval.
        var shift = ShiftReport.FromIntervals([I(0, 6), I(15, 4), I(30, 2), I(0, 1), I(15, 5), I(45, 9)]);

        shift.PeakIntervalStart.Should().Be(ShiftStart.AddMinutes(15));
        shift.PeakOffered.Should().Be(9);
        ShiftReport.FromIntervals([]).PeakIntervalStart.Should().BeNull();
    }

    [Fact]
    public void Median_OfOddAndEvenCounts()
    {
        ShiftReport.Median([30, 10, 20]).Should().Be(20);
        ShiftReport.Median([40, 10, 20, 30]).Should().Be(25);
        ShiftReport.Median([]).Should().BeNull();
    }

    [Fact]
    public void ShiftWindows_AreReadInTheShiftsZone_AndANightShiftCrossesMidnight()
    {
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var morning = new ShiftDefinition { Name = "morning", Start = new TimeOnly(8, 0), End = new TimeOnly(14, 0) };
        var night = new ShiftDefinition { Name = "night", Start = new TimeOnly(22, 0), End = new TimeOnly(6, 0) };

        var winter = morning.On(new DateOnly(2026, 11, 30), rome);
        var summer = morning.On(new DateOnly(2026, 7, 1), rome);
        var overnight = night.On(new DateOnly(2026, 11, 30), rome);

        winter.Start.Should().Be(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        winter.End.Should().Be(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        summer.Start.Should().Be(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero));
        overnight.End.Should().Be(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero));
        morning.LastEnded(new DateTimeOffset(2026, 11, 30, 12, 59, 0, TimeSpan.Zero), rome).Day.Should().Be(new DateOnly(2026, 11, 29));
        morning.LastEnded(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero), rome).Day.Should().Be(new DateOnly(2026, 11, 30));
        morning.NextEnd(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero), rome).Day.Should().Be(new DateOnly(2026, 12, 1));
        night.NextEnd(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero), rome).Day.Should().Be(new DateOnly(2026, 11, 30));
    }
}
