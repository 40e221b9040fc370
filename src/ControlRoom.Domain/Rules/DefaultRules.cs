using System.Collections.Concurrent;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Rules;

/// <summary>
/// The rules a queue gets when configuration names none, by the channel it serves. Each waits long enough before it
/// fires that a value crossing for a moment pages nobody (<see cref="SlaRule.ForSeconds"/>), and clears only once
/// the value is clearly back (<see cref="SlaRule.Hysteresis"/>), so a value hovering at a threshold does not flap.
/// </summary>
public static class DefaultRules
{
    /// <summary>An alert nobody has acknowledged for ten minutes goes to the admins (the duty manager).</summary>
    private const double EscalateAfter = 600;

    private const string EscalateTo = "admin";

    /// <summary>
    /// The default rules' runbooks in English (as the API, CSV and webhooks carry them), by the resource key under
    /// which screens find them in their user's language. A runbook an admin wrote is not among them and shows as written.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Runbooks { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Runbook_OldestBacklog"] = "Move agents with the skill to this queue or open overtime for the backlog.",
        ["Runbook_FirstResponse"] = "Prioritise first replies over follow-ups until the figure is back under target.",
        ["Runbook_ServiceLevel"] = "Check agents available; pull multiskilled agents from queues above target; stop breaks.",
        ["Runbook_LongestWait"] = "Answer the oldest contact first; offer a callback to contacts waiting over two minutes.",
    };

    /// <summary>The resource key of a default runbook, recognised by its English text; null for any other text.</summary>
    public static string? RunbookKey(string? runbook) =>
        runbook is null ? null : Runbooks.FirstOrDefault(r => string.Equals(r.Value, runbook, StringComparison.Ordinal)).Key;

    /// <summary>
    /// The defaults of each (channel group, target) pair, built once: a queue reads its rules on every judgement, and
    /// building them anew was 2 % of the allocations while 10,000 agents signed in. Rules are immutable, so sharing is safe.
    /// </summary>
    private static readonly ConcurrentDictionary<(bool Asynchronous, double Target), IReadOnlyList<SlaRule>> Built = new();

    public static IReadOnlyList<SlaRule> For(Channel? channel, double serviceLevelTarget) =>
        Built.GetOrAdd((channel is Channel.Email or Channel.Social or Channel.Messaging, serviceLevelTarget), key => Build(key.Asynchronous, key.Target));

    private static IReadOnlyList<SlaRule> Build(bool asynchronous, double serviceLevelTarget) => asynchronous switch
    {
        // Ages of hours: five minutes over the line is still the same backlog; ten minutes back under it is a recovery.
        true =>
        [
            new SlaRule("oldest-backlog", SlaMetrics.OldestBacklog, Comparison.Above, 4 * 3600, 8 * 3600)
            {
                ForSeconds = 300, Hysteresis = 600, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = Runbooks["Runbook_OldestBacklog"],
            },
            new SlaRule("first-response", SlaMetrics.FirstResponse, Comparison.Above, 2 * 3600, 4 * 3600)
            {
                ForSeconds = 300, Hysteresis = 300, MinVolume = 5, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = Runbooks["Runbook_FirstResponse"],
            },
        ],
        false =>
        [
            // The rolling 30 minutes already smooth single contacts; two minutes below target, over at least ten
            // contacts, is a trend and not one unlucky call; two points above target clears it.
            new SlaRule("service-level", SlaMetrics.ServiceLevel, Comparison.Below, serviceLevelTarget, serviceLevelTarget - 10)
            {
                ForSeconds = 120, Hysteresis = 2, MinVolume = 10, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = Runbooks["Runbook_ServiceLevel"],
            },

            // A contact must wait half a minute past the line (90 s for the warning) before anyone is paged, so one
            // answered at 61 s does not raise and clear an alert within seconds; the next-oldest contact has to be
            // 15 s under the line before the alert clears.
            new SlaRule("longest-wait", SlaMetrics.LongestWait, Comparison.Above, 60, 120)
            {
                ForSeconds = 30, Hysteresis = 15, EscalateAfterSeconds = EscalateAfter, EscalateToRole = EscalateTo,
                Runbook = Runbooks["Runbook_LongestWait"],
            },
        ],
    };
}
