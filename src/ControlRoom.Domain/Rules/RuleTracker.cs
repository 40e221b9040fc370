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
    [Id(4)] public double? LastValue { get; set; }

    /// <summary>Evaluates the rule at <paramref name="now"/>; returns the new level when it changed.</summary>
    public Severity? Evaluate(SlaRule rule, double? value, int volume, DateTimeOffset now)
    {
        var judged = value is not null && volume >= rule.MinVolume;
        LastValue = value;

        var warning = judged && Holds(rule, value!.Value, rule.Warning, Level >= Severity.Warning);
        var critical = judged && Holds(rule, value!.Value, rule.Critical, Level == Severity.Critical);
        WarningSince = warning ? WarningSince ?? now : null;
        CriticalSince = critical ? CriticalSince ?? now : null;

        var duration = TimeSpan.FromSeconds(rule.ForSeconds);
        var next = critical && (Level == Severity.Critical || now - CriticalSince >= duration) ? Severity.Critical
            : warning && (Level >= Severity.Warning || now - WarningSince >= duration) ? Severity.Warning
            : Severity.Ok;

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

    /// <summary>Whether the value breaches the threshold; an active level holds until it is past it by the hysteresis.</summary>
    private static bool Holds(SlaRule rule, double value, double threshold, bool active)
    {
        var margin = active ? rule.Hysteresis : 0;
        return rule.Comparison == Comparison.Below ? value < threshold + margin : value > threshold - margin;
    }
}
