using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Rules;

/// <summary>The rules a queue gets when configuration names none, by the channel it serves.</summary>
public static class DefaultRules
{
    /// <summary>An alert nobody has acknowledged for ten minutes goes to the admins (the duty manager).</summary>
    private const double EscalateAfter = 600;

    private const string EscalateTo = "admin";

    public static IReadOnlyList<SlaRule> For(Channel? channel, double serviceLevelTarget) => channel switch
    {
        Channel.Email or Channel.Social or Channel.Messaging =>
        [
            new SlaRule("oldest-backlog", SlaMetrics.OldestBacklog, Comparison.Above, 4 * 3600, 8 * 3600)
            {
                ForSeconds = 60, Hysteresis = 600, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = "Move agents with the skill to this queue or open overtime for the backlog.",
            },
            new SlaRule("first-response", SlaMetrics.FirstResponse, Comparison.Above, 2 * 3600, 4 * 3600)
            {
                ForSeconds = 60, Hysteresis = 300, MinVolume = 5, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = "Prioritise first replies over follow-ups until the figure is back under target.",
            },
        ],
        _ =>
        [
            new SlaRule("service-level", SlaMetrics.ServiceLevel, Comparison.Below, serviceLevelTarget, serviceLevelTarget - 10)
            {
                ForSeconds = 0, Hysteresis = 2, MinVolume = 5, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = "Check agents available; pull multiskilled agents from queues above target; stop breaks.",
            },
            new SlaRule("longest-wait", SlaMetrics.LongestWait, Comparison.Above, 60, 120)
            {
                ForSeconds = 0, Hysteresis = 10, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = "Answer the oldest contact first; offer a callback to contacts waiting over two minutes.",
            },
        ],
    };
}
