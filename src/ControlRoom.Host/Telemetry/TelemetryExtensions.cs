using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Live;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ControlRoom.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the host: metrics always (they feed <c>/metrics</c>), and OTLP export of metrics and traces
/// only when an endpoint is configured. Without one no tracer provider exists, so no activity source has a
/// listener and tracing costs nothing.
/// </summary>
public static class TelemetryExtensions
{
    public const string ServiceName = "controlroom";

    /// <summary>Activity sources traced when OTLP is on: SignalR hub calls and every Orleans grain call.</summary>
    public static IReadOnlyList<string> TracedSources { get; } =
        ["Microsoft.AspNetCore.SignalR.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Meters exported besides ASP.NET Core's (added by its instrumentation): ours, Orleans' and the .NET runtime's.</summary>
    public static IReadOnlyList<string> Meters { get; } = [ControlRoomMetrics.MeterName, "Microsoft.Orleans", "System.Runtime"];

    /// <summary>Distinct tag sets kept per metric stream.</summary>
    public const int CardinalityLimit = 500;

    public static WebApplicationBuilder AddControlRoomTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var otlp = OtlpEndpoint(configuration);
        if (otlp is not null && string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The exporter reads the standard OTEL_* keys from configuration; ours is a friendlier name for the same.
            configuration.AddInMemoryCollection([new("OTEL_EXPORTER_OTLP_ENDPOINT", otlp)]);
        }

        services.AddControlRoomMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section));
        services.AddSingleton(sp => new QueueSnapshotSource(() => sp.GetRequiredService<LiveFeed>().Queues));
        // AddHubOptions (not a bare Configure) also registers the set-up that makes a hub's own options count at all.
        services.AddSignalR().AddHubOptions<WallboardHub>(o => o.AddFilter<HubConnectionMetering>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetering>());

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]);
                metrics.AddAspNetCoreInstrumentation();
                // Every metric stream allocates its whole limit of points up front: at the default 2,000, the ~250
                // streams held 44 MB of a large room's heap. Ours and Orleans' tag sets are small and fixed (source,
                // outcome, severity, grain type) and the HTTP routes are about a hundred; a stream that still
                // overflows reports the rest as one point.
                metrics.AddView(_ => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit });
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 1000);
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsEndpoint.Path))
                .AddSource([.. TracedSources])
                .AddOtlpExporter());

            // Carries the trace context through grain calls, so a request's trace shows the grains it reached.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c>: the meters above and every queue's live figures, in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapControlRoomTelemetry(this IEndpointRouteBuilder endpoints)
    {
        MetricsEndpoint.Map(endpoints);
        return endpoints;
    }

    /// <summary><c>OpenTelemetry:Endpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither is set.</summary>
    public static string? OtlpEndpoint(IConfiguration configuration) =>
        new[] { configuration["OpenTelemetry:Endpoint"], configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] }
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}

/// <summary>Configuration section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Lets anyone who reaches the port scrape <c>/metrics</c>: only on a private network or behind a proxy that checks.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Keys that may scrape and nothing else; read by the security set-up (<see cref="ApiKeyOptions.ScrapeKeys"/>).</summary>
    public List<string> ApiKeys { get; set; } = [];
}
