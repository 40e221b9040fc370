using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Rules;

/// <summary>
/// The state of one rule on one queue. A level fires only after its condition has held for the rule's
/// duration (pending), and a breach steps down only once the value is past the threshold by the rule's
/// hysteresis, so a value hovering at a threshold neither flaps nor fires twice.
/// </summary>
[GenerateSerializer, Alias("cr.RuleTracker")]
public sealed class RuleTracker
{
    [Id(0)] public Severity Level { get; set; }
    [Id(1)] public DateTimeOffset? WarningSince { get; set; }
    [Id(2)] public DateTimeOffset? CriticalSince { get; set; }
    [Id(3)] public DateTimeOffset? EpisodeSince { get; set; }

    /// <summary>The last value the rule could read; kept through spells without one, so a recovery reports a real figure.</summary>
    [Id(4)] public double? LastValue { get; set; }

    /// <summary>
    /// The worst value of the episode in force, or of the last one once it recovered (the highest for an 'above' rule,
    /// the lowest for a 'below' one): what a recovery reports beside the value it recovered at.
    /// </summary>
    [Id(5)] public double? Worst { get; set; }

    /// <summary>Evaluates the rule at <paramref name="now"/>; returns the new level when it changed.</summary>
    public Severity? Evaluate(SlaRule rule, double? value, int volume, DateTimeOffset now)
    {
        var judged = value is not null && volume >= rule.MinVolume;
        LastValue = value ?? LastValue;

        var warning = judged && Holds(rule, value!.Value, rule.Warning, Level >= Severity.Warning);
        var critical = judged && Holds(rule, value!.Value, rule.Critical, Level == Severity.Critical);
        WarningSince = warning ? WarningSince ?? HeldSince(rule, value!.Value, rule.Warning, now) : null;
        CriticalSince = critical ? CriticalSince ?? HeldSince(rule, value!.Value, rule.Critical, now) : null;

        var duration = TimeSpan.FromSeconds(rule.ForSeconds);
        var next = critical && (Level == Severity.Critical || now - CriticalSince >= duration) ? Severity.Critical
            : warning && (Level >= Severity.Warning || now - WarningSince >= duration) ? Severity.Warning
            : Severity.Ok;

        if (next != Severity.Ok && judged)
        {
            Worst = Level == Severity.Ok || Worst is not { } worst ? value : Worse(rule, worst, value!.Value);
        }

        if (next == Level)
        {
            return null;
        }

        EpisodeSince = next == Severity.Ok ? null : EpisodeSince ?? WarningSince ?? CriticalSince ?? now;
        Level = next;
        return next;
    }

    public Breach? ToBreach(SlaRule rule) => Level == Severity.Ok || LastValue is null
        ? null
        : new Breach(rule.RuleId, rule.Metric, Level, LastValue.Value, Threshold(rule, Level), EpisodeSince ?? default);

    public static double Threshold(SlaRule rule, Severity level) => level == Severity.Critical ? rule.Critical : rule.Warning;

    /// <summary>The worse of two values for this rule: the higher for an 'above' rule, the lower for a 'below' one.</summary>
    public static double Worse(SlaRule rule, double a, double b) => rule.Comparison == Comparison.Above ? Math.Max(a, b) : Math.Min(a, b);

    /// <summary>Whether the value breaches the threshold; an active level holds until it is past it by the hysteresis.</summary>
    private static bool Holds(SlaRule rule, double value, double threshold, bool active)
    {
        var margin = active ? rule.Hysteresis : 0;
        return rule.Comparison == Comparison.Below ? value < threshold + margin : value > threshold - margin;
    }

    /// <summary>
    /// When the condition began. An age (the longest wait, the oldest backlog) grows one second per second, so it
    /// crossed the threshold <c>value − threshold</c> seconds ago, even if this rule only sees it now (a contact
    /// posted late, a grain just activated): the hold is counted in event time, not from the first look.
    /// </summary>
    private static DateTimeOffset HeldSince(SlaRule rule, double value, double threshold, DateTimeOffset now) =>
        SlaMetrics.AgesWithTheClock(rule.Metric) && rule.Comparison == Comparison.Above && value > threshold
            ? now - TimeSpan.FromSeconds(value - threshold)
            : now;
}
