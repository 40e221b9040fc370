using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Components.Board;
using ControlRoom.Host.Components.Queues;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The board's rules without a browser: which queues, which banners, how long a recovery stays.</summary>
public sealed class BoardStateTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    internal static QueueSnapshot Snapshot(string queueId, DateTimeOffset asOf, int waiting = 0, params Breach[] breaches) =>
        new(queueId, asOf, breaches.Length > 0 ? breaches.Max(b => b.Severity) : Severity.Ok, waiting, 0, AgentCounts.None, new KpiFigures(), new KpiFigures(), breaches);

    [Fact]
    public void Board_IgnoresQueuesItDoesNotShow()
    {
        var state = new BoardState(id => id == "mine");

        var shown = state.Apply(Snapshot("other", T0));

        shown.Should().BeFalse();
        state.Count.Should().Be(0);
    }

    [Fact]
    public void NamedBoard_ShowsTilesInItsOwnOrder_AllQueuesBoardById()
    {
        var named = new BoardState(_ => true, ["zeta", "alpha", "mid"]);
        var all = new BoardState(_ => true);
        foreach (var id in new[] { "alpha", "mid", "zeta" })
        {
            named.Apply(Snapshot(id, T0));
            all.Apply(Snapshot(id, T0));
        }

        named.Queues.Select(q => q.QueueId).Should().Equal("zeta", "alpha", "mid");
        all.Queues.Select(q => q.QueueId).Should().Equal("alpha", "mid", "zeta");
    }

    [Fact]
    public void OlderSnapshot_NeverReplacesANewerOne()
    {
        var state = new BoardState(_ => true);
        state.Apply(Snapshot("q", T0.AddSeconds(5), waiting: 3));

        state.Apply(Snapshot("q", T0, waiting: 1));

        state.Queues.Single().Waiting.Should().Be(3);
    }

    [Fact]
    public void Recovery_ReplacesTheBanner_ThenGoesAfterItsTime()
    {
        var state = new BoardState(_ => true);
        state.Apply(new Deviation("q", "longest-wait", "longestWaitSeconds", Severity.Critical, 150, 120, T0, T0), T0);

        state.Apply(new Deviation("q", "longest-wait", "longestWaitSeconds", Severity.Ok, 0, 120, T0, T0.AddMinutes(1)), T0.AddMinutes(1));
        var whileShown = state.ExpireRecoveries(T0.AddMinutes(1) + BoardState.RecoveryShownFor - TimeSpan.FromSeconds(1));
        var afterwards = state.ExpireRecoveries(T0.AddMinutes(1) + BoardState.RecoveryShownFor);

        state.Breaches.Should().BeEmpty();
        whileShown.Should().BeFalse();
        afterwards.Should().BeTrue();
        state.Recoveries.Should().BeEmpty();
    }

    [Fact]
    public void Snapshot_IsTheSourceOfTruthForBanners_CriticalFirst()
    {
        var state = new BoardState(_ => true);

        state.Apply(Snapshot("q", T0, 2,
            new Breach("service-level", "serviceLevel", Severity.Warning, 70, 80, T0.AddMinutes(-5)),
            new Breach("longest-wait", "longestWaitSeconds", Severity.Critical, 130, 120, T0)));

        state.Breaches.Select(b => b.RuleId).Should().Equal("longest-wait", "service-level");
    }

    [Fact]
    public void QueueDay_OnTheSpringDstChange_Has23Hours_AndComparesWithTheSameWeekdayLastWeek()
    {
        var day = QueueDay.Around(new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), "Europe/Rome");

        (day.End - day.Start).Should().Be(TimeSpan.FromHours(23));
        day.Start.Should().Be(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)));
        day.ReferenceStart.DayOfWeek.Should().Be(day.Start.DayOfWeek);
    }

    [Fact]
    public void QueueDay_CountsOfferedByLocalHour()
    {
        var day = QueueDay.Around(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), "Europe/Rome");
        IntervalFigures[] intervals =
        [
            new(new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), new KpiFigures { Offered = 4 }),
            new(new DateTimeOffset(2026, 7, 1, 7, 45, 0, TimeSpan.Zero), new KpiFigures { Offered = 1 }),
        ];

        var hours = day.OfferedByHour(intervals, day.Start);

        hours[9].Should().Be(5); // 07:00 UTC is 09:00 in Rome in summer
        hours.Sum().Should().Be(5);
    }
}
