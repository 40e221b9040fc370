using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Rules;

/// <summary>
/// When the clock alone next changes what a queue's rules decide, so the owner sets one timer for that instant
/// instead of judging every second: an age (the oldest waiting contact, the oldest backlog item) reaching a
/// threshold, a held condition reaching its <see cref="SlaRule.ForSeconds"/>, the rolling window dropping its oldest
/// minute, the day turning. Between those instants nothing a rule reads changes unless an event arrives, and every
/// event is judged as it is applied. While the queue is catching up, rules on its open contacts are not judged
/// (<see cref="QueueSnapshot.CatchingUp"/>), so no instant is set for them: the batch that makes it live is judged.
/// </summary>
public static class RuleClock
{
    /// <summary>
    /// Ages are shown and compared rounded to hundredths of a second and must be strictly past a line: a crossing is
    /// judged this long after the exact instant, so the value read then is past it.
    /// </summary>
    public static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a rule on occupancy, which drifts with every agent's time in state, is judged again.</summary>
    public static readonly TimeSpan OccupancyRecheck = TimeSpan.FromSeconds(5);

    /// <summary>The first instant after <paramref name="now"/> at which a rule may change with no event; null when none can.</summary>
    public static DateTimeOffset? NextChange(QueueLiveState state, QueueSnapshot snapshot, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset at) => next = next is { } n && n <= at ? n : at;

        foreach (var rule in state.EffectiveRules)
        {
            if (snapshot.CatchingUp && SlaMetrics.ReadsOpenContacts(rule.Metric))
            {
                continue;
            }

            state.RuleStates.TryGetValue(rule.RuleId, out var tracker);
            var level = tracker?.Level ?? Severity.Ok;
            var hold = TimeSpan.FromSeconds(rule.ForSeconds);

            // A condition already holding fires once it has held for the rule's duration.
            if (tracker?.WarningSince is { } warningSince && level < Severity.Warning)
            {
                Consider(warningSince + hold);
            }

            if (tracker?.CriticalSince is { } criticalSince && level < Severity.Critical)
            {
                Consider(criticalSince + hold);
            }

            if (SlaMetrics.AgesWithTheClock(rule.Metric) && rule.Comparison == Comparison.Above && SlaMetrics.Grows(snapshot, rule.Metric))
            {
                var (value, _) = SlaMetrics.Read(snapshot, rule.Metric);
                foreach (var (threshold, active) in (ReadOnlySpan<(double, bool)>)[(rule.Warning, level >= Severity.Warning), (rule.Critical, level == Severity.Critical)])
                {
                    var line = threshold - (active ? rule.Hysteresis : 0);
                    if (value is { } v && v <= line)
                    {
                        Consider(now + TimeSpan.FromSeconds(line - v) + Rounding);
                    }
                }
            }
            else if (rule.Metric == SlaMetrics.Occupancy && snapshot.Agents.LoggedIn > 0)
            {
                Consider(now + OccupancyRecheck);
            }
        }

        // Figures every rule may read roll with the clock: the rolling window loses a minute, the day ends, a
        // contact waiting for hours is taken as lost by its source (only rules on open contacts read that one).
        if (snapshot.Rolling30m.Offered > 0)
        {
            Consider(EventClock.MinuteStart(now).AddMinutes(1));
        }

        if (snapshot.Today.Offered > 0)
        {
            Consider(EventClock.Day(now, EventClock.Zone(state.Settings.TimeZone)).End);
        }

        if (!snapshot.CatchingUp && snapshot.OldestWaitingSince is { } oldest)
        {
            Consider(oldest + QueueLiveState.MaxWaitingAge);
        }

        return next is { } due && due <= now ? now + Rounding : next;
    }
}
