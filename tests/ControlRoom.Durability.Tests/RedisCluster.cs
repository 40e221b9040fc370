using ControlRoom.Testing;

namespace ControlRoom.Durability.Tests;

/// <summary>A real redis-server with the deployment's append-only file, and published hosts forming one cluster on it.</summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly string cluster = "fault-" + Guid.NewGuid().ToString("N")[..8];

    public RedisServer Redis { get; } = RedisServer.Persistent();

    public List<HostProcess> Hosts { get; } = [];

    public static async Task<RedisCluster> StartAsync(int hosts)
    {
        var started = new RedisCluster();
        await started.Redis.InitializeAsync();
        for (var i = 0; i < hosts; i++)
        {
            started.Hosts.Add(started.NewHost($"node{i + 1}"));
        }

        // One after another: the first founds the cluster, the others join it.
        foreach (var host in started.Hosts)
        {
            await host.StartAsync();
        }

        return started;
    }

    public IReadOnlyList<HostProcess> Running => [.. Hosts.Where(h => h.IsRunning)];

    /// <summary>Stops every host (SIGTERM) and starts them all again on the same ports, store and cluster.</summary>
    public async Task RestartAllAsync()
    {
        foreach (var host in Hosts)
        {
            await host.StopAsync();
        }

        foreach (var host in Hosts)
        {
            await host.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Hosts before Redis (and they must stop promptly even if Redis is already gone).
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    private HostProcess NewHost(string name) => HostProcess.Create(name, new Dictionary<string, string>
    {
        ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        ["Orleans:ClusterId"] = cluster,
        ["Orleans:ServiceId"] = cluster,
    });
}
