using ControlRoom.Contracts.Events;
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

    [Fact]
    public void ContactAnsweredJustPastTheLine_PagesNobody()
    {
        // The case: a wait crossing 60 s, answered at 62.7 s; the next contact waits 3 s.
        var wait = DefaultRules.For(Channel.Voice, 80).Single(r => r.Metric == SlaMetrics.LongestWait);
        var changes = new List<Severity>();
        foreach (var value in new[] { 58.7, 59.7, 60.7, 61.7, 62.7, 3, 4 })
        {
            if (tracker.Evaluate(wait, value, int.MaxValue, clock.GetUtcNow()) is { } changed)
            {
                changes.Add(changed);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        changes.Should().BeEmpty();
    }

    [Fact]
    public void AnAgeSeenLate_HasHeldSinceItCrossedTheLine()
    {
        var wait = new SlaRule("wait", SlaMetrics.LongestWait, Comparison.Above, 60, 120) { ForSeconds = 30 };

        // First look at a contact already 95 s old: it crossed 60 s 35 s ago, longer than the rule's 30 s.
        var first = tracker.Evaluate(wait, 95, int.MaxValue, clock.GetUtcNow());

        first.Should().Be(Severity.Warning);
        tracker.EpisodeSince.Should().Be(clock.GetUtcNow().AddSeconds(-35));
    }

    [Fact]
    public void AnAgeJustOverTheLine_FiresOnceItHasHeldForTheDuration()
    {
        var wait = new SlaRule("wait", SlaMetrics.LongestWait, Comparison.Above, 60, 120) { ForSeconds = 30 };

        tracker.Evaluate(wait, 80, int.MaxValue, clock.GetUtcNow()).Should().BeNull();
        clock.Advance(TimeSpan.FromSeconds(9));
        tracker.Evaluate(wait, 89, int.MaxValue, clock.GetUtcNow()).Should().BeNull();
        clock.Advance(TimeSpan.FromSeconds(1));
        tracker.Evaluate(wait, 90, int.MaxValue, clock.GetUtcNow()).Should().Be(Severity.Warning);
    }

    [Fact]
    public void Recovery_WithoutAValue_ReportsTheLastValueSeen()
    {
        Run((75, 61));

        tracker.Evaluate(ServiceLevel, null, volume: 0, clock.GetUtcNow()).Should().Be(Severity.Ok);

        tracker.LastValue.Should().Be(75);
    }

    [Fact]
    public void Worst_IsTheEpisodesWorstValue_AndStartsAfreshWithTheNextEpisode()
    {
        Run((75, 61), (64, 5), (78, 5));
        tracker.Worst.Should().Be(64);

        Run((90, 1));
        tracker.Level.Should().Be(Severity.Ok);
        tracker.Worst.Should().Be(64, "a recovery reports the worst of the episode it ends");

        Run((77, 61));
        tracker.Worst.Should().Be(77);
    }

    [Theory]
    [InlineData(Channel.Voice)]
    [InlineData(Channel.Chat)]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Messaging)]
    public void DefaultRules_WaitBeforeTheyFire_AndClearOnlyPastAMargin(Channel channel)
    {
        var rules = DefaultRules.For(channel, 80);

        rules.Should().NotBeEmpty().And.OnlyContain(r => r.ForSeconds >= 30 && r.Hysteresis > 0);
        rules.Should().OnlyContain(r => DefaultRules.RunbookKey(r.Runbook) != null, "default runbooks are shown in the user's language");
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
