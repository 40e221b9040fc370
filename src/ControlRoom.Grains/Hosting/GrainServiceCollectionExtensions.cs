using ControlRoom.Grains.Live;
using ControlRoom.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlRoom.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains need from the silo's container: options, a clock, a (default silent) live sink and the meter.</summary>
    public static IServiceCollection AddControlRoomGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ControlRoomGrainOptions>(configuration.GetSection(ControlRoomGrainOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILiveUpdateSink, NoLiveUpdateSink>();
        services.AddControlRoomMetrics();
        return services;
    }
}
