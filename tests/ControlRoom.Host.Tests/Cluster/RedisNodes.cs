namespace ControlRoom.Host.Tests.Cluster;

/// <summary>A host in Redis mode: Redis clustering, the Redis store and the SignalR Redis backplane.</summary>
public sealed class RedisNode(string redis, string clusterId) : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings().Where(s => s.Key is not "Orleans:ClusterId" and not "Orleans:ServiceId"),
        new("ConnectionStrings:Redis", redis),
        new("Orleans:ClusterId", clusterId),
        new("Orleans:ServiceId", clusterId),
        new("Ingest:ApiKeys:0", DevelopmentKey),
    ];
}

/// <summary>One real redis-server and two hosts forming one cluster through it.</summary>
public sealed class RedisNodes : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public string ClusterId { get; } = "redis-test-" + Guid.NewGuid().ToString("N")[..8];

    public RedisNode A { get; private set; } = null!;

    public RedisNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        A = await StartAsync();
        B = await StartAsync();
    }

    public async Task<RedisNode> StartAsync()
    {
        var node = new RedisNode(Redis.ConnectionString, ClusterId);
        await node.InitializeAsync();
        return node;
    }

    public async Task DisposeAsync()
    {
        // Hosts before Redis: a silo whose Redis is gone hangs on shutdown.
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
