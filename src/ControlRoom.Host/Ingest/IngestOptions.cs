using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Ingest;

/// <summary>
/// Configuration section <c>Ingest</c>: the span of event time <c>POST /api/events</c> accepts (the API keys of the
/// same section are read by the security setup).
/// </summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Outside the embedded default: a year of history and a month of slack, for a source back-filling after an outage or onboarding.</summary>
    public static readonly TimeSpan ConfiguredMaxEventAge = TimeSpan.FromDays(400);

    /// <summary>
    /// How old an event may be. Unset: no limit in the embedded default (a demonstration replays recorded history,
    /// such as the 1999 bank months), <see cref="ConfiguredMaxEventAge"/> otherwise.
    /// </summary>
    public TimeSpan? MaxEventAge { get; set; }

    /// <summary>How far ahead of this node's clock an event may be: sources' clocks drift by seconds, not hours.</summary>
    public TimeSpan MaxEventAhead { get; set; } = TimeSpan.FromMinutes(5);

    public OccurredAtWindow WindowAt(DateTimeOffset now) => new(now, MaxEventAge, MaxEventAhead);
}

public static class IngestLimits
{
    /// <summary>The <c>Ingest</c> limits, checked at start so a bad value stops the host instead of failing requests.</summary>
    public static IServiceCollection AddIngestLimits(this IServiceCollection services, IConfiguration configuration, bool embedded)
    {
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section))
            .PostConfigure(o => o.MaxEventAge ??= embedded ? null : IngestOptions.ConfiguredMaxEventAge)
            .Validate(o => o.MaxEventAhead >= TimeSpan.Zero && (o.MaxEventAge is null || o.MaxEventAge > TimeSpan.Zero),
                "Ingest:MaxEventAhead must be zero or more and Ingest:MaxEventAge more than zero")
            .ValidateOnStart();
        return services;
    }
}
