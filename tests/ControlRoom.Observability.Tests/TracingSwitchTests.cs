using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ControlRoom.Observability.Tests;

/// <summary>A host with an OTLP endpoint configured: traces are on, listening to SignalR and Orleans.</summary>
public sealed class OtlpHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("OpenTelemetry:Endpoint", "http://127.0.0.1:4317")];
}

/// <summary>Tracing exists only when an OTLP endpoint is configured; without one no activity source has a listener.</summary>
public sealed class TracingSwitchTests(OtlpHost traced, ControlRoomHost untraced) : IClassFixture<OtlpHost>, IClassFixture<ControlRoomHost>
{
    [Fact]
    public void WithAnEndpoint_TracesAspNetCoreSignalRAndOrleans()
    {
        traced.Services.GetService<TracerProvider>().Should().NotBeNull();
        foreach (var name in ControlRoom.Host.Telemetry.TelemetryExtensions.TracedSources)
        {
            new ActivitySource(name).HasListeners().Should().BeTrue($"{name} is traced when OTLP is on");
        }
    }

    [Fact]
    public void WithoutAnEndpoint_NoTracerExists()
    {
        untraced.Services.GetService<TracerProvider>().Should().BeNull("off costs nothing: no tracer provider, no exporter");
    }
}
