using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ControlRoom.RealData.Tests.RealData;

/// <summary>The real host in memory: no simulator, its own silo ports and cluster, queue days in UTC.</summary>
public sealed class ControlRoomFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "dev-controlroom-key";

    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "controlroom-realdata-" + Guid.NewGuid().ToString("N")[..12]);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Read before Build(), so they go in as host settings.
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", "realdata-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("ControlRoom:DataPath", dataPath);

        // The bank's clock times are Israeli local times, but the README's mapping stamps them as UTC. The queue's
        // day must therefore run on UTC too, or "today" would cut the bank's day at 22:00 of its own wall clock.
        builder.UseSetting("ControlRoom:Defaults:TimeZone", "UTC");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
