using ControlRoom.Grains.Agents;
using ControlRoom.Grains.Directory;
using ControlRoom.Grains.Live;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlRoom.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains need from the silo's container: options, a clock, the meter and the live publisher.</summary>
    public static IServiceCollection AddControlRoomGrains(this IServiceCollection services, IConfiguration configuration)
    {
        // Queue settings from configuration are checked as an admin's edit is: a bad value stops the host at start.
        services.AddOptions<ControlRoomGrainOptions>()
            .Bind(configuration.GetSection(ControlRoomGrainOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlRoomGrainOptions>, QueueSettingsCheck>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddControlRoomMetrics();

        // The silo's one route for live changes to the host nodes (see LivePublisher).
        services.AddSingleton<LivePublisher>();

        // The silo's one route for agents' changes to their queues, batched per queue (see QueueTeller).
        services.AddSingleton<QueueTeller>();

        // The silo's one route for new queues and agents to the directory, batched (see DirectoryLister).
        services.AddSingleton<DirectoryLister>();
        GrainInterfaceTypeCache.AddTo(services);
        return services;
    }
}

/// <summary>Names every bad configured queue setting, by its configuration key.</summary>
internal sealed class QueueSettingsCheck : IValidateOptions<ControlRoomGrainOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlRoomGrainOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
