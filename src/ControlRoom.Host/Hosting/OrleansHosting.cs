using ControlRoom.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace ControlRoom.Host.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// Co-hosts the silo. Without <c>ConnectionStrings:Redis</c>: localhost clustering and in-memory state (the
    /// embedded default). With it: Redis clustering and Redis grain storage, so several hosts form one cluster.
    /// </summary>
    public static WebApplicationBuilder AddControlRoomOrleans(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var redis = configuration.GetConnectionString("Redis");
        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);
        var clusterId = configuration.GetValue("Orleans:ClusterId", "controlroom")!;

        builder.Services.AddControlRoomGrains(configuration);
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.PostConfigure<ControlRoomGrainOptions>(o => o.SaveOnShutdown = false);
        }

        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Host.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "controlroom";
            });

            if (string.IsNullOrWhiteSpace(redis))
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "controlroom", clusterId: clusterId);
                // The same binary format as Redis mode: the default JSON one cannot write the queue state.
                silo.AddMemoryGrainStorage(StorageNames.State, options => options.Configure<Serializer>((o, serializer) =>
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            }
            else
            {
                // Loopback for one machine (deploy/run-cluster.sh); a container names itself (Orleans:AdvertisedHost).
                if (configuration["Orleans:AdvertisedHost"] is { Length: > 0 } advertised)
                {
                    silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, System.Net.Sockets.AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: true);
                }
                silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                silo.AddRedisGrainStorage(StorageNames.State, options => options.Configure<Serializer>((o, serializer) =>
                {
                    o.ConfigurationOptions = ConfigurationOptions.Parse(redis);

                    // Orleans' own version-tolerant binary format, keyed by the [Alias] of each type rather than
                    // its CLR name, so renaming a class does not orphan stored state.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
            }

            silo.AddDashboard();
        });

        return builder;
    }

    public static IEndpointRouteBuilder MapControlRoomDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Security.Policies.Admin);
        return endpoints;
    }
}
