using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Tests.Staffing;

public sealed class BreachForecastTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 7, 30, TimeSpan.Zero); // 7.5 min into 10:00

    /// <summary>A queue's staffing with every agent on it alone (no multiskill share), as the forecast reads it.</summary>
    private static QueueStaffing Queue(int staffed, double? aht = 180) => LiveStaffing.Assess(Snapshot(staffed, aht), offeredThisInterval: 0);

    private static QueueSnapshot Snapshot(int staffed, double? aht) =>
        new("sales", Now, Severity.Ok, 0, 0, new AgentCounts(staffed, staffed, 0, 0, 0), new KpiFigures { Aht = aht },
            new KpiFigures { Aht = aht }, [])
        {
            ServiceLevelTarget = 80,
            ServiceLevelThresholdSeconds = 20,
        };

    private static IntervalFigures Interval(int hour, int minute, int offered) =>
        new(new DateTimeOffset(2026, 3, 2, hour, minute, 0, TimeSpan.Zero), new KpiFigures { Offered = offered });

    [Fact]
    public void SteadyArrivals_AreCarriedForwardFlat()
    {
        // 50 per 15 minutes is 200 an hour: the reference load, met by 14 agents.
        var forecast = BreachForecast.Forecast(Queue(14), [Interval(9, 30, 50), Interval(9, 45, 50), Interval(10, 0, 25)]);

        forecast.Points.Select(p => p.ArrivalsPerHour).Should().AllSatisfy(r => r.Should().BeApproximately(200, 0.01));
        forecast.Points.Should().AllSatisfy(p => p.ServiceLevel.Should().BeApproximately(88.835, 0.001));
        forecast.Breach.Should().BeFalse();
    }

    [Fact]
    public void SteadyArrivals_StayFlat_EarlyInAnInterval()
    {
        // 12 per 15 minutes (48 an hour), and 2 in the first two and a half minutes of the interval under way: the
        // same rate. Read over a five-minute floor, those 2 were 24 an hour and bent the line down to half.
        var staffing = Queue(14) with { AsOf = new DateTimeOffset(2026, 3, 2, 10, 2, 30, TimeSpan.Zero) };

        var forecast = BreachForecast.Forecast(staffing, [Interval(9, 30, 12), Interval(9, 45, 12), Interval(10, 0, 2)]);

        forecast.Points.Select(p => p.ArrivalsPerHour).Should().AllSatisfy(r => r.Should().BeApproximately(48, 0.01));
    }

    [Fact]
    public void RisingArrivals_ForecastABreachBeforeItHappens()
    {
        // 30, 50, then 70 per 15 minutes: the line reaches past 300 an hour within the half hour.
        var forecast = BreachForecast.Forecast(Queue(14), [Interval(9, 30, 30), Interval(9, 45, 50), Interval(10, 0, 35)]);

        var next15 = forecast.Points.Single(p => p.Minutes == 15);
        var next30 = forecast.Points.Single(p => p.Minutes == 30);
        next30.ArrivalsPerHour.Should().BeGreaterThan(next15.ArrivalsPerHour);
        next30.ServiceLevel.Should().BeLessThan(80);
        next30.AgentsNeeded.Should().BeGreaterThan(14);
        forecast.Breach.Should().BeTrue();
    }

    [Fact]
    public void MissingIntervals_CountAsQuiet()
    {
        var missing = BreachForecast.Forecast(Queue(2), [Interval(10, 0, 1)]);
        var explicitZeros = BreachForecast.Forecast(Queue(2), [Interval(9, 30, 0), Interval(9, 45, 0), Interval(10, 0, 1)]);
        var currentOnlyRate = 1 * 60 / 7.5; // 8 an hour, had the quiet intervals been ignored

        missing.Points.Select(p => p.ArrivalsPerHour).Should().Equal(explicitZeros.Points.Select(p => p.ArrivalsPerHour));
        missing.Points.Single(p => p.Minutes == 15).ArrivalsPerHour.Should().NotBe(currentOnlyRate);
    }

    [Fact]
    public void WithoutHandleTime_NothingIsForecast()
    {
        var forecast = BreachForecast.Forecast(Queue(2, aht: null), [Interval(10, 0, 10)]);

        forecast.Points.Should().AllSatisfy(p => p.ServiceLevel.Should().BeNull());
        forecast.Breach.Should().BeFalse();
    }
}
