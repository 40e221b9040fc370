namespace ControlRoom.Contracts.Queues;

/// <summary>Per-queue KPI parameters and service-level rules.</summary>
[GenerateSerializer, Immutable, Alias("cr.QueueSettings")]
public sealed record QueueSettings
{
    /// <summary>Service level threshold T: answered within this many seconds counts as in service level.</summary>
    [Id(0)] public int ServiceLevelThresholdSeconds { get; init; } = 20;

    /// <summary>Abandoned at most this many seconds after being offered is a short abandon.</summary>
    [Id(1)] public int ShortAbandonSeconds { get; init; } = 5;

    /// <summary>Target service level in percent, shown against the figure.</summary>
    [Id(2)] public double ServiceLevelTarget { get; init; } = 80;

    [Id(3)] public string TimeZone { get; init; } = "Europe/Rome";

    [Id(4)] public IReadOnlyList<SlaRule> Rules { get; init; } = [];

    /// <summary>
    /// How many contacts of this queue one agent handles at once (chat, messaging, social); null: unset, the staffing
    /// maths then uses what the agents are seen to handle. Voice, callback and e-mail are one at a time.
    /// </summary>
    [Id(5)] public int? MaxConcurrentContacts { get; init; }
}

/// <summary>
/// A service-level rule: the metric is compared with a warning and a critical threshold; it must hold for
/// <see cref="ForSeconds"/> before it fires and clears only past <see cref="Hysteresis"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.SlaRule")]
public sealed record SlaRule(
    [property: Id(0)] string RuleId,
    [property: Id(1)] string Metric,
    [property: Id(2)] Comparison Comparison,
    [property: Id(3)] double Warning,
    [property: Id(4)] double Critical)
{
    [Id(5)] public double ForSeconds { get; init; }
    [Id(6)] public double Hysteresis { get; init; }

    /// <summary>Below this many contacts in the window a percentage metric is not judged.</summary>
    [Id(7)] public int MinVolume { get; init; }

    [Id(8)] public string? Runbook { get; init; }

    /// <summary>A link to the full procedure, shown beside <see cref="Runbook"/> on the rule's alerts.</summary>
    [Id(9)] public string? RunbookUrl { get; init; }

    /// <summary>An alert of this rule still unacknowledged this long after it opened is escalated; null never escalates.</summary>
    [Id(10)] public double? EscalateAfterSeconds { get; init; }

    /// <summary>The role told on escalation (shown on the alert; the console highlights it to that role).</summary>
    [Id(11)] public string? EscalateToRole { get; init; }

    /// <summary>A webhook called on escalation, besides the configured alert webhooks.</summary>
    [Id(12)] public string? EscalationWebhook { get; init; }
}

[GenerateSerializer, Alias("cr.Comparison")]
public enum Comparison
{
    /// <summary>Breached when the value is below the threshold (service level, agents available).</summary>
    Below,

    /// <summary>Breached when the value is above the threshold (wait, abandon rate, backlog).</summary>
    Above,
}
