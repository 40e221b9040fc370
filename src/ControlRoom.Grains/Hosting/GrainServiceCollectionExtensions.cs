using ControlRoom.Grains.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlRoom.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains need from the silo's container: options, a clock and a (default silent) live sink.</summary>
    public static IServiceCollection AddControlRoomGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ControlRoomGrainOptions>(configuration.GetSection(ControlRoomGrainOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILiveUpdateSink, NoLiveUpdateSink>();
        return services;
    }
}
