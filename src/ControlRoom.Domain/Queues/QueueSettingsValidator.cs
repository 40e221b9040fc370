using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Queues;

/// <summary>Checks queue settings before they replace the live ones, so a bad edit is refused whole.</summary>
public static class QueueSettingsValidator
{
    /// <summary>Every problem by field (RFC 9457 validation style); empty when the settings can be applied.</summary>
    public static Dictionary<string, string[]> Validate(QueueSettings settings)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (settings.ServiceLevelThresholdSeconds is <= 0 or > 3600)
        {
            Add("serviceLevelThresholdSeconds", "must be 1-3600 seconds");
        }

        if (settings.ShortAbandonSeconds is < 0 or > 600)
        {
            Add("shortAbandonSeconds", "must be 0-600 seconds");
        }

        if (settings.ServiceLevelTarget is <= 0 or > 100 || double.IsNaN(settings.ServiceLevelTarget))
        {
            Add("serviceLevelTarget", "must be a percentage above 0 and at most 100");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone ?? "", out _))
        {
            Add("timeZone", $"'{settings.TimeZone}' is not a known time zone (use an IANA id such as Europe/Rome)");
        }

        if (settings.MaxConcurrentContacts is < 1 or > Concurrency.MaxContacts)
        {
            Add("maxConcurrentContacts", $"must be 1-{Concurrency.MaxContacts} contacts per agent, or absent to use what agents are seen to handle");
        }

        var rules = settings.Rules ?? [];
        if (rules.Count > 50)
        {
            Add("rules", "at most 50 rules per queue");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = $"rules[{i}]";
            if (rule is null)
            {
                Add(field, "must not be null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.RuleId) || rule.RuleId.Length > 64)
            {
                Add($"{field}.ruleId", "must be 1-64 characters");
            }
            else if (!seen.Add(rule.RuleId))
            {
                Add($"{field}.ruleId", $"'{rule.RuleId}' appears twice");
            }

            if (!SlaMetrics.IsKnown(rule.Metric))
            {
                Add($"{field}.metric", $"'{rule.Metric}' is not one of {string.Join(", ", SlaMetrics.All)}");
            }

            if (!Enum.IsDefined(rule.Comparison))
            {
                Add($"{field}.comparison", "must be below or above");
            }
            else if (rule.Comparison == Comparison.Below ? rule.Critical > rule.Warning : rule.Critical < rule.Warning)
            {
                Add($"{field}.critical", rule.Comparison == Comparison.Below
                    ? "must not be above the warning threshold for a 'below' rule"
                    : "must not be below the warning threshold for an 'above' rule");
            }

            if (!double.IsFinite(rule.Warning) || !double.IsFinite(rule.Critical))
            {
                Add($"{field}.warning", "thresholds must be finite numbers");
            }

            if (rule.ForSeconds is < 0 or > 86_400)
            {
                Add($"{field}.forSeconds", "must be 0-86400 seconds");
            }

            if (rule.Hysteresis < 0 || !double.IsFinite(rule.Hysteresis))
            {
                Add($"{field}.hysteresis", "must be zero or more");
            }

            if (rule.MinVolume < 0)
            {
                Add($"{field}.minVolume", "must be zero or more");
            }

            if (rule.Runbook is { Length: > 4000 })
            {
                Add($"{field}.runbook", "at most 4000 characters");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
