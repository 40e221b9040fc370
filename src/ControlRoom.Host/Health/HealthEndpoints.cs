using System.Text.Json;
using ControlRoom.Grains.Durability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlRoom.Host.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (restart it if not). <c>/health/ready</c>: this node can take traffic —
/// its store is reachable, its silo is an active member of the cluster, and the log is being applied (lag below
/// <c>ControlRoom:ReadyMaxLogLag</c> entries). Both are anonymous, for orchestrators and load balancers, and say
/// no more than each check's status.
/// </summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddControlRoomHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LogKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LogKeeper>());
        services.AddSingleton(new LogHealthCheck.Limit(configuration.GetValue("ControlRoom:ReadyMaxLogLag", 1_000L)));
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"])
            .AddCheck<LogHealthCheck>("log", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapControlRoomHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write }).AllowAnonymous();
        return endpoints;
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), detail = e.Value.Description }),
        }));
    }
}

internal sealed class LogHealthCheck(LogKeeper keeper, LogHealthCheck.Limit limit) : IHealthCheck
{
    public sealed record Limit(long MaxLag);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(keeper.Lag switch
        {
            null => HealthCheckResult.Unhealthy("not measured yet"),
            var lag when lag > limit.MaxLag => HealthCheckResult.Unhealthy($"{lag} entries not applied"),
            var lag => HealthCheckResult.Healthy($"{lag} entries not applied"),
        });
}

internal sealed class StoreHealthCheck(IEventStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!store.IsAvailable)
        {
            return HealthCheckResult.Unhealthy("unreachable");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await store.HeadAsync(StoreKeys.LogPartition(0), timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("unreachable");
        }
    }
}

internal sealed class SiloHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var active = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(self == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{active} active silos")
            : HealthCheckResult.Unhealthy(self.ToString()));
    }
}
