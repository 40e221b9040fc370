using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Alerts;
using ControlRoom.Domain.Rules;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Domain.Tests.Alerts;

/// <summary>The alert lifecycle on a fake clock, fed by a real <see cref="RuleTracker"/> where the rule's timing matters.</summary>
public class AlertBookTests
{
    private const string Queue = "billing";

    /// <summary>On the ASA, a metric that does not age by itself, so the feed's steady values are ones a queue can show.</summary>
    private static readonly SlaRule SlowAnswers = new("slow-answers", SlaMetrics.Asa, Comparison.Above, 60, 120)
    {
        ForSeconds = 30, Hysteresis = 10, Runbook = "Answer the oldest contact first.", RunbookUrl = "https://wiki/runbooks/wait",
        EscalateAfterSeconds = 300, EscalateToRole = "admin", EscalationWebhook = "https://pager.example/hook",
    };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly RuleTracker tracker = new();
    private readonly AlertBook book = new();

    [Fact]
    public void PendingBreach_OpensNoAlertUntilTheRuleDurationHasPassed_ThenOneAlert()
    {
        var pending = Feed(75, seconds: 20);
        var fired = Feed(75, seconds: 15);

        pending.Should().BeEmpty();
        var raised = fired.Should().ContainSingle().Subject;
        raised.Action.Should().Be(AlertAction.Raised);
        raised.Alert.Status.Should().Be(AlertStatus.Open);
        raised.Alert.Severity.Should().Be(Severity.Warning);
        raised.Alert.Runbook.Should().Be("Answer the oldest contact first.");
        raised.Alert.RunbookUrl.Should().Be("https://wiki/runbooks/wait");
        raised.Alert.Timeline.Should().ContainSingle().Which.Actor.Should().Be(AlertBook.SystemActor);
    }

    [Fact]
    public void RepeatedDeviationOfOneEpisode_DoesNotOpenASecondAlert()
    {
        var warning = Deviation(Severity.Warning, 75);
        book.Observe(warning, SlowAnswers, clock.GetUtcNow());

        var again = book.Observe(warning with { Value = 80 }, SlowAnswers, clock.GetUtcNow().AddSeconds(5));

        again.Should().BeEmpty();
        book.Alerts.Should().ContainSingle().Which.Value.Should().Be(80);
    }

    [Fact]
    public void NewEpisodeAfterResolution_OpensANewAlertWithANewId()
    {
        book.Observe(Deviation(Severity.Warning, 75), SlowAnswers, clock.GetUtcNow());
        book.Observe(Deviation(Severity.Ok, 40), SlowAnswers, clock.GetUtcNow());

        var second = book.Observe(Deviation(Severity.Warning, 70), SlowAnswers, clock.GetUtcNow());

        second.Should().ContainSingle().Which.Alert.Id.Should().NotBe(book.Alerts[0].Id);
        book.Alerts.Select(a => a.Status).Should().Equal(AlertStatus.Resolved, AlertStatus.Open);
    }

    [Fact]
    public void SeverityRisingToCritical_StaysOneAlert_AndSaysSoInTheTimeline()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Acknowledge, "lead");

        var rise = Feed(130, seconds: 31);

        var change = rise.Should().ContainSingle().Subject;
        change.Action.Should().Be(AlertAction.SeverityChanged);
        change.Alert.Severity.Should().Be(Severity.Critical);
        change.Alert.Status.Should().Be(AlertStatus.Acknowledged);
        change.Alert.Timeline.Last().Note.Should().StartWith("warning → critical");
        book.Alerts.Should().ContainSingle();
    }

    [Fact]
    public void AutoResolve_WaitsForTheRulesHysteresis()
    {
        Feed(75, seconds: 31);

        var insideBand = Feed(55, seconds: 5);
        var pastBand = Feed(45, seconds: 5);

        insideBand.Should().BeEmpty();
        var resolved = pastBand.Should().ContainSingle().Subject;
        resolved.Action.Should().Be(AlertAction.Resolved);
        resolved.Alert.Status.Should().Be(AlertStatus.Resolved);
        resolved.Alert.ResolvedBy.Should().Be(AlertBook.SystemActor);
    }

    [Fact]
    public void Acknowledge_RecordsWhoWhenAndTheNote()
    {
        Feed(75, seconds: 31);
        clock.Advance(TimeSpan.FromSeconds(40));

        var result = Act(AlertCommandKind.Acknowledge, "lead", "looking at staffing");

        result.Outcome.Should().Be(AlertCommandOutcome.Done);
        result.Alert!.Status.Should().Be(AlertStatus.Acknowledged);
        result.Alert.AcknowledgedBy.Should().Be("lead");
        result.Alert.Timeline.Last().Should().Be(new AlertEntry(clock.GetUtcNow(), AlertAction.Acknowledged, "lead", "looking at staffing") { Comment = "looking at staffing" });
    }

    [Fact]
    public void AcknowledgingTwice_IsAConflict_AndChangesNothing()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Acknowledge, "lead");
        var version = book.Alerts[0].Version;

        var second = Act(AlertCommandKind.Acknowledge, "admin");

        second.Outcome.Should().Be(AlertCommandOutcome.Conflict);
        book.Alerts[0].AcknowledgedBy.Should().Be("lead");
        book.Alerts[0].Version.Should().Be(version);
    }

    [Fact]
    public void ActingOnAResolvedAlert_IsAConflict()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Resolve, "lead", "agents moved");

        var late = Act(AlertCommandKind.Snooze, "lead");

        late.Outcome.Should().Be(AlertCommandOutcome.Conflict);
        book.Alerts[0].Status.Should().Be(AlertStatus.Resolved);
        book.Alerts[0].Resolution.Should().Be("agents moved");
    }

    [Fact]
    public void ManualResolve_WithoutAReason_IsRefused()
    {
        Feed(75, seconds: 31);

        var result = Act(AlertCommandKind.Resolve, "lead", " ");

        result.Outcome.Should().Be(AlertCommandOutcome.Conflict);
        book.Alerts[0].IsActive.Should().BeTrue();
    }

    [Fact]
    public void UnknownAlert_IsNotFound()
    {
        var result = book.Act("billing-99", new AlertCommand(AlertCommandKind.Acknowledge, "lead", null), clock.GetUtcNow(), out var change);

        result.Outcome.Should().Be(AlertCommandOutcome.NotFound);
        change.Should().BeNull();
    }

    [Fact]
    public void Snooze_DefaultsToFifteenMinutes_ThenAnAlertStillBreachingComesBackOpen()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Acknowledge, "lead");
        var snoozedAt = clock.GetUtcNow();
        Act(AlertCommandKind.Snooze, "lead");

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        var early = book.Tick(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = book.Tick(clock.GetUtcNow());

        early.Should().BeEmpty();
        book.Alerts[0].SnoozedUntil.Should().BeNull();
        var returned = due.Should().ContainSingle().Subject;
        returned.Action.Should().Be(AlertAction.Returned);
        returned.Alert.Status.Should().Be(AlertStatus.Open);
        returned.Alert.AcknowledgedBy.Should().BeNull();
        returned.Alert.Timeline.Select(e => e.Action).Should().Equal(
            AlertAction.Raised, AlertAction.Acknowledged, AlertAction.Snoozed, AlertAction.Returned);
        returned.Alert.Timeline[2].At.Should().Be(snoozedAt);
    }

    [Fact]
    public void SnoozedAlertWhoseConditionClears_ResolvesAndDoesNotComeBack()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Snooze, "lead", snoozeFor: TimeSpan.FromMinutes(5));
        Feed(40, seconds: 60);

        clock.Advance(TimeSpan.FromMinutes(10));
        var later = book.Tick(clock.GetUtcNow());

        later.Should().BeEmpty();
        book.Alerts[0].Status.Should().Be(AlertStatus.Resolved);
    }

    [Fact]
    public void UnacknowledgedPastTheRulesDelay_EscalatesOnce_ToTheRoleAndWebhook()
    {
        Feed(75, seconds: 31);

        clock.Advance(TimeSpan.FromSeconds(299));
        var early = book.Tick(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = book.Tick(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(10));
        var after = book.Tick(clock.GetUtcNow());

        early.Should().BeEmpty();
        after.Should().BeEmpty();
        var escalated = due.Should().ContainSingle().Subject;
        escalated.Action.Should().Be(AlertAction.Escalated);
        escalated.EscalationWebhook.Should().Be("https://pager.example/hook");
        escalated.Alert.EscalatedAt.Should().Be(clock.GetUtcNow() - TimeSpan.FromMinutes(10));
        escalated.Alert.EscalateToRole.Should().Be("admin");
        escalated.Alert.Timeline.Last().Note.Should().Contain("role admin");
        escalated.Alert.Timeline.Last().Should().Match<AlertEntry>(e => e.Minutes == 5 && e.Target == "admin" && e.Webhook);
    }

    [Fact]
    public void TimelineEntries_CarryTheirFacts_SoScreensCanSayThemInTheirOwnLanguage()
    {
        Feed(75, seconds: 31);
        Act(AlertCommandKind.Snooze, "lead", "callback team on it", snoozeFor: TimeSpan.FromMinutes(20));
        Act(AlertCommandKind.Assign, "lead", assignee: "maria");
        Feed(130, seconds: 31);
        Feed(45, seconds: 5);

        var timeline = book.Alerts[0].Timeline;

        timeline[0].Should().Match<AlertEntry>(e => e.Action == AlertAction.Raised && e.Value == 75 && e.To == Severity.Warning);
        timeline[1].Should().Match<AlertEntry>(e => e.Action == AlertAction.Snoozed && e.Minutes == 20 && e.Comment == "callback team on it");
        timeline[2].Should().Match<AlertEntry>(e => e.Action == AlertAction.Assigned && e.Target == "maria" && e.Comment == null);
        timeline[3].Should().Match<AlertEntry>(e => e.Action == AlertAction.SeverityChanged && e.From == Severity.Warning && e.To == Severity.Critical && e.Value == 130);
        timeline[4].Should().Match<AlertEntry>(e => e.Action == AlertAction.Resolved && e.Value == 45 && e.Comment == null);
        timeline.Should().OnlyContain(e => e.Note != null, "the audit text stays for the API, CSV and webhooks");
    }

    [Fact]
    public void AcknowledgedInTime_NeverEscalates()
    {
        Feed(75, seconds: 31);
        clock.Advance(TimeSpan.FromMinutes(2));
        Act(AlertCommandKind.Acknowledge, "lead");

        clock.Advance(TimeSpan.FromHours(1));
        var changes = book.Tick(clock.GetUtcNow());

        changes.Should().BeEmpty();
        book.Alerts[0].EscalatedAt.Should().BeNull();
        book.NextDueAt.Should().BeNull();
    }

    [Fact]
    public void AlertBackFromSnooze_CanEscalateAgain_FromItsReturn()
    {
        Feed(75, seconds: 31);
        clock.Advance(TimeSpan.FromMinutes(6));
        book.Tick(clock.GetUtcNow());
        Act(AlertCommandKind.Snooze, "lead", snoozeFor: TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(10));
        book.Tick(clock.GetUtcNow());

        book.NextDueAt.Should().Be(clock.GetUtcNow() + TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(5));
        var changes = book.Tick(clock.GetUtcNow());

        changes.Should().ContainSingle().Which.Action.Should().Be(AlertAction.Escalated);
        book.Alerts[0].Timeline.Count(e => e.Action == AlertAction.Escalated).Should().Be(2);
    }

    [Fact]
    public void Assign_KeepsTheStatus_AndNamesTheAssigneeInTheTimeline()
    {
        Feed(75, seconds: 31);

        var result = Act(AlertCommandKind.Assign, "admin", "your queue", assignee: "lead");

        result.Alert!.AssignedTo.Should().Be("lead");
        result.Alert.Status.Should().Be(AlertStatus.Open);
        result.Alert.Timeline.Last().Note.Should().Be("to lead; your queue");
    }

    [Fact]
    public void ResolvedAlert_ShowsTheValueThatRaisedIt_TheWorst_AndTheOneItRecoveredAt()
    {
        Feed(75, seconds: 31);
        Feed(130, seconds: 31);
        Feed(150, seconds: 5);

        var cleared = Feed(20, seconds: 1);

        var alert = cleared.Should().ContainSingle().Subject.Alert;
        alert.Status.Should().Be(AlertStatus.Resolved);
        alert.RaisedValue.Should().Be(75);
        alert.WorstValue.Should().Be(150);
        alert.RecoveredValue.Should().Be(20);
        alert.Timeline[^1].Note.Should().Be("Condition cleared at 20 against 60 (raised at 75, worst 150)");
    }

    [Fact]
    public void ResolvedHistory_IsBounded_KeepingActiveAlerts()
    {
        book.Observe(Deviation(Severity.Warning, 75) with { RuleId = "other" }, SlowAnswers, clock.GetUtcNow());
        for (var i = 0; i < AlertBook.Retained + 10; i++)
        {
            book.Observe(Deviation(Severity.Warning, 75), SlowAnswers, clock.GetUtcNow());
            book.Observe(Deviation(Severity.Ok, 40), SlowAnswers, clock.GetUtcNow());
        }

        book.Alerts.Should().HaveCount(AlertBook.Retained);
        book.ActiveFor("other").Should().NotBeNull();
    }

    /// <summary>Holds the value for the given seconds, one evaluation per second like the queue grain, and feeds every deviation to the book.</summary>
    private List<AlertChange> Feed(double value, int seconds)
    {
        var changes = new List<AlertChange>();
        for (var i = 0; i < seconds; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var now = clock.GetUtcNow();
            if (tracker.Evaluate(SlowAnswers, value, int.MaxValue, now) is { } level)
            {
                var threshold = RuleTracker.Threshold(SlowAnswers, level == Severity.Ok ? Severity.Warning : level);
                var deviation = new Deviation(Queue, SlowAnswers.RuleId, SlowAnswers.Metric, level, value, threshold, tracker.EpisodeSince ?? now, now)
                {
                    Worst = tracker.Worst,
                };
                changes.AddRange(book.Observe(deviation, SlowAnswers, now));
            }
        }

        return changes;
    }

    private AlertCommandResult Act(AlertCommandKind kind, string actor, string? note = null, TimeSpan? snoozeFor = null, string? assignee = null) =>
        book.Act(book.Alerts[^1].Id, new AlertCommand(kind, actor, note) { SnoozeFor = snoozeFor, Assignee = assignee }, clock.GetUtcNow(), out _);

    private Deviation Deviation(Severity severity, double value) =>
        new(Queue, SlowAnswers.RuleId, SlowAnswers.Metric, severity, value, 60, clock.GetUtcNow(), clock.GetUtcNow());
}

public class AlertIdTests
{
    [Theory]
    [InlineData("billing-3", "billing")]
    [InlineData("after-sales-12", "after-sales")]
    [InlineData("q.1-7", "q.1")]
    public void QueueOf_TakesEverythingBeforeTheLastDash(string alertId, string queue) =>
        AlertBook.QueueOf(alertId).Should().Be(queue);

    [Theory]
    [InlineData("billing")]
    [InlineData("billing-")]
    [InlineData("-3")]
    [InlineData("billing-x")]
    public void QueueOf_RejectsMalformedIds(string alertId) =>
        AlertBook.QueueOf(alertId).Should().BeNull();
}
