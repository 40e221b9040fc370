using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Grains.Alerts;

public static class AlertForwarding
{
    /// <summary>Hands a queue's deviation, with its rule, to the queue's alert book; one-way, so it returns at once.</summary>
    public static Task ForwardToAlerts(this IGrainFactory grains, Deviation deviation, IReadOnlyList<SlaRule> rules) =>
        grains.GetGrain<IAlertBookGrain>(deviation.QueueId)
            .Observe(deviation, rules.FirstOrDefault(r => string.Equals(r.RuleId, deviation.RuleId, StringComparison.Ordinal)));
}
