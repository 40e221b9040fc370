using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Grains.Hosting;

/// <summary>Settings of the grain layer (configuration section <c>ControlRoom</c>).</summary>
public sealed class ControlRoomGrainOptions
{
    public const string Section = "ControlRoom";

    /// <summary>
    /// Interaction shards, the log's partitions (events of one interaction always meet in one shard). The default is for a
    /// new store; a store keeps the count it was written with. Four rather than the earlier 16: a request's events then
    /// reach each queue and agent in fewer calls, and HTTP ingest ran at a median of 108k events/s against 89k with 16
    /// (docs/ingest-performance.md, fifteenth pass).
    /// </summary>
    public int Shards { get; set; } = 4;

    /// <summary>The shortest time between two pushes of one queue or agent (coalescing).</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a changed grain writes a snapshot. Every change is durable in the log and the journals before it is
    /// acknowledged; snapshots only bound how much a rebuilt grain replays.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an ingest call waits for the shards to apply a logged request before answering 503.</summary>
    public TimeSpan ApplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far behind its events a queue's source may arrive before the queue is catching up: its waits and backlog are
    /// then not vouched for, and rules on them are not judged until the source is live again.
    /// </summary>
    public TimeSpan CatchUpLag { get; set; } = QueueLiveState.DefaultCatchUpLag;

    /// <summary>Write snapshots of changed grains when the silo shuts down (shortens the next start's replay).</summary>
    public bool SaveOnShutdown { get; set; } = true;

    /// <summary>Whether a deactivation for <paramref name="reason"/> should write unsaved state.</summary>
    public bool SavesOn(DeactivationReason reason) => SaveOnShutdown || reason.ReasonCode != DeactivationReasonCode.ShuttingDown;

    /// <summary>Defaults for every queue.</summary>
    public QueueDefaults Defaults { get; set; } = new();

    /// <summary>Per-queue overrides of the defaults, by queue id.</summary>
    public Dictionary<string, QueueDefaults> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What is wrong with the configured settings (the catch-up lag, the queue defaults and each queue's), one line per problem.</summary>
    public List<string> Problems() =>
    [
        .. CatchUpLag > TimeSpan.Zero ? Array.Empty<string>() : [$"{Section}:{nameof(CatchUpLag)}: must be more than zero"],
        .. new[] { (Key: "Defaults", Settings: SettingsFor("")) }
            .Concat(Queues.Keys.Select(q => (Key: $"Queues:{q}", Settings: SettingsFor(q))))
            .SelectMany(c => QueueSettingsValidator.Validate(c.Settings).Select(e => $"{Section}:{c.Key}: {e.Key} {string.Join("; ", e.Value)}")),
    ];

    public QueueSettings SettingsFor(string queueId)
    {
        var own = Queues.GetValueOrDefault(queueId);
        return new QueueSettings
        {
            ServiceLevelThresholdSeconds = own?.ServiceLevelThresholdSeconds ?? Defaults.ServiceLevelThresholdSeconds ?? 20,
            ShortAbandonSeconds = own?.ShortAbandonSeconds ?? Defaults.ShortAbandonSeconds ?? 5,
            ServiceLevelTarget = own?.ServiceLevelTarget ?? Defaults.ServiceLevelTarget ?? 80,
            TimeZone = own?.TimeZone ?? Defaults.TimeZone ?? "Europe/Rome",
            Rules = (own?.Rules is { Count: > 0 } ? own.Rules : Defaults.Rules)?.Select(r => r.ToRule()).ToArray() ?? [],
            MaxConcurrentContacts = own?.MaxConcurrentContacts ?? Defaults.MaxConcurrentContacts,
        };
    }
}

public sealed class QueueDefaults
{
    public int? ServiceLevelThresholdSeconds { get; set; }
    public int? ShortAbandonSeconds { get; set; }
    public double? ServiceLevelTarget { get; set; }
    public string? TimeZone { get; set; }
    public List<SlaRuleOptions>? Rules { get; set; }

    /// <summary>Contacts one agent handles at once on chat, messaging and social queues; unset: what agents are seen to handle.</summary>
    public int? MaxConcurrentContacts { get; set; }
}

public sealed class SlaRuleOptions
{
    public string RuleId { get; set; } = "";
    public string Metric { get; set; } = "";
    public Comparison Comparison { get; set; }
    public double Warning { get; set; }
    public double Critical { get; set; }
    public double ForSeconds { get; set; }
    public double Hysteresis { get; set; }
    public int MinVolume { get; set; }
    public string? Runbook { get; set; }
    public string? RunbookUrl { get; set; }
    public double? EscalateAfterSeconds { get; set; }
    public string? EscalateToRole { get; set; }
    public string? EscalationWebhook { get; set; }

    public SlaRule ToRule() => new(RuleId, Metric, Comparison, Warning, Critical)
    {
        ForSeconds = ForSeconds,
        Hysteresis = Hysteresis,
        MinVolume = MinVolume,
        Runbook = Runbook,
        RunbookUrl = RunbookUrl,
        EscalateAfterSeconds = EscalateAfterSeconds,
        EscalateToRole = EscalateToRole,
        EscalationWebhook = EscalationWebhook,
    };
}
