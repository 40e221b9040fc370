using ControlRoom.Contracts.Feeds;
using ControlRoom.Grains.Feeds;
using ControlRoom.Host.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Sources.Health;

/// <summary>Feed health: every source watched, stalled feeds alerted and shown on their tiles (docs/sources/feed-health.md).</summary>
public static class FeedHealthExtensions
{
    public static IServiceCollection AddFeedHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedHealthOptions>().Bind(configuration.GetSection(FeedHealthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedHealthOptions>>(new SourcesExtensions.ProblemsValidator<FeedHealthOptions>(o => o.Problems()));
        services.TryAddSingleton(sp => new FeedClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FeedReporter>();
        services.AddSingleton<FeedHealthView>();
        services.AddHostedService<FeedMonitor>();
        return services;
    }

    public static IEndpointRouteBuilder MapFeedHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/sources", async (IGrainFactory grains) => Results.Ok(await grains.GetGrain<IFeedHealthGrain>(0).GetFeeds()))
            .RequireAuthorization(Policies.Admin)
            .WithName("GetSources")
            .WithSummary("Every event source's health: last delivery, events per minute, refused input, lag, quiet limit, state (live, stalled, refused).")
            .Produces<IReadOnlyList<FeedStatus>>();
        return endpoints;
    }
}
