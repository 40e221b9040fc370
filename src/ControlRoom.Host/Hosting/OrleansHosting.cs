using System.Net;
using System.Net.Sockets;
using ControlRoom.Grains.Hosting;
using ControlRoom.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace ControlRoom.Host.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// Co-hosts the silo over the durable store. Without <c>ConnectionStrings:Redis</c>: localhost clustering and the
    /// SQLite store in the data folder (the embedded default). With it: Redis clustering and the Redis store, so
    /// several hosts form one cluster, and a crashed host is declared dead within seconds so the others rebuild its
    /// grains from the log.
    /// </summary>
    public static WebApplicationBuilder AddControlRoomOrleans(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var redis = configuration.GetConnectionString("Redis");
        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);
        var clusterId = configuration.GetValue("Orleans:ClusterId", "controlroom")!;
        var serviceId = configuration.GetValue("Orleans:ServiceId", "controlroom")!;

        builder.Services.AddControlRoomGrains(configuration);
        builder.Services.AddControlRoomStore(configuration);
        builder.Services.AddHostedService<StoreLayoutCheck>();

        // A stop must finish even when the store is gone: grains skip their last snapshot (the journal has it all).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = configuration.GetValue("ControlRoom:ShutdownTimeout", TimeSpan.FromSeconds(8)));

        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Host.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });

            if (string.IsNullOrWhiteSpace(redis))
            {
                EnsurePortsFree(siloPort, gatewayPort);
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
            }
            else
            {
                // Loopback for one machine (deploy/run-cluster.sh); a container names itself (Orleans:AdvertisedHost).
                if (configuration["Orleans:AdvertisedHost"] is { Length: > 0 } advertised)
                {
                    silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: true);
                }

                silo.UseRedisClustering(o => o.ConfigurationOptions = StoreServiceCollectionExtensions.StoreRedisOptions(redis));
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    // A killed host is suspected after two missed probes of two seconds and declared dead by its
                    // peers' votes: its queues are served again from the log within about ten seconds.
                    o.ProbeTimeout = configuration.GetValue("Orleans:ProbeTimeout", TimeSpan.FromSeconds(2));
                    o.NumMissedProbesLimit = configuration.GetValue("Orleans:MissedProbesLimit", 2);
                });
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

    /// <summary>Two embedded hosts on one machine would share localhost ports: say so instead of half-starting.</summary>
    private static void EnsurePortsFree(params int[] ports)
    {
        foreach (var port in ports)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException(
                    $"Port {port} on this machine is in use (another ControlRoom host?). Give this host its own --Orleans:SiloPort and --Orleans:GatewayPort, and its own --{DataFolder.Key}.", ex);
            }
        }
    }
}
