using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary><c>Sources:AmazonConnect</c>: the Amazon Data Firehose endpoint; off while <see cref="AccessKey"/> is unset.</summary>
public sealed class AmazonConnectOptions
{
    public const string Section = "Sources:AmazonConnect";

    /// <summary>The access key configured on the Firehose stream's HTTP endpoint destination (<c>X-Amz-Firehose-Access-Key</c>).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Agent status name (case-insensitive) → agent state; a status not listed is <c>away</c>, with its name as reason.</summary>
    public Dictionary<string, string> Statuses { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Available"] = "available",
        ["Offline"] = "offline",
    };

    /// <summary>
    /// Amazon Connect queue id (the last part of the queue ARN) → ControlRoom queue id. Contact events name a queue only
    /// by ARN, so both streams key queues by that id; this map gives them readable names. Unlisted: the id itself.
    /// </summary>
    public Dictionary<string, string> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Amazon Connect user id (the last part of the agent ARN) → ControlRoom agent id. Unlisted: the id itself.</summary>
    public Dictionary<string, string> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrEmpty(AccessKey);

    public IEnumerable<string> Problems()
    {
        foreach (var (status, state) in Statuses)
        {
            if (!EventWireNames.TryParseState(state, out _))
            {
                yield return $"{Section}:Statuses:{status} '{state}' is not one of offline, available, busy, wrapup, away";
            }
        }

        foreach (var (name, map) in new[] { ("Queues", Queues), ("Agents", Agents) })
        {
            foreach (var (id, key) in map)
            {
                if (!EventValidator.IsValidKey(key))
                {
                    yield return $"{Section}:{name}:{id} '{key}' must be 1-64 characters of [A-Za-z0-9_.-]";
                }
            }
        }
    }
}
