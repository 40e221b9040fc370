using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Domain.Tests.Rules;

public class RuleTrackerTests
{
    private static readonly SlaRule ServiceLevel = new("sl", SlaMetrics.ServiceLevel, Comparison.Below, 80, 70)
    {
        ForSeconds = 60, Hysteresis = 2, MinVolume = 5,
    };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly RuleTracker tracker = new();

    [Fact]
    public void ThirtySecondSpike_DoesNotFireARuleWithSixtySecondDuration()
    {
        var changes = Run((75, 30), (85, 60));

        changes.Should().BeEmpty();
        tracker.Level.Should().Be(Severity.Ok);
    }

    [Fact]
    public void ConditionHeldForTheDuration_FiresOnceWithItsStartAsSince()
    {
        var start = clock.GetUtcNow();

        var changes = Run((75, 61));

        changes.Should().ContainSingle().Which.Should().Be(Severity.Warning);
        tracker.EpisodeSince.Should().Be(start);
    }

    [Fact]
    public void ValueHoveringAtTheThreshold_FiresOnceAndDoesNotFlap()
    {
        Run((79, 61)).Should().Equal(Severity.Warning);

        // 79.5 → 80.5 → 79.9 → 81.9: all inside the 2-point hysteresis band above 80.
        var changes = Run((79.5, 5), (80.5, 5), (79.9, 5), (81.9, 5), (80.1, 5));

        changes.Should().BeEmpty();
        tracker.Level.Should().Be(Severity.Warning);
    }

    [Fact]
    public void Recovery_NeedsTheValuePastThresholdPlusHysteresis()
    {
        Run((75, 61));

        Run((82, 1)).Should().Equal(Severity.Ok);
        tracker.EpisodeSince.Should().BeNull();
    }

    [Fact]
    public void WarningThatWorsens_RisesToCriticalAfterItsOwnDuration()
    {
        Run((75, 61)).Should().Equal(Severity.Warning);

        var changes = Run((65, 30), (65, 31));

        changes.Should().Equal(Severity.Critical);
    }

    [Fact]
    public void BelowMinimumVolume_APercentageIsNotJudged()
    {
        var changes = new List<Severity>();
        for (var i = 0; i < 120; i++)
        {
            if (tracker.Evaluate(ServiceLevel, 10, volume: 4, clock.GetUtcNow()) is { } changed)
            {
                changes.Add(changed);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        changes.Should().BeEmpty();
    }

    /// <summary>Holds each value for the given seconds, evaluating every second as the queue grain does.</summary>
    private List<Severity> Run(params (double Value, int Seconds)[] steps)
    {
        var changes = new List<Severity>();
        foreach (var (value, seconds) in steps)
        {
            for (var i = 0; i < seconds; i++)
            {
                if (tracker.Evaluate(ServiceLevel, value, volume: 50, clock.GetUtcNow()) is { } changed)
                {
                    changes.Add(changed);
                }

                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return changes;
    }
}
