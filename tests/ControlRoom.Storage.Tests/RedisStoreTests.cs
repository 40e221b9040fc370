using System.Text;
using ControlRoom.Grains.Durability;
using ControlRoom.Testing;
using StackExchange.Redis;

namespace ControlRoom.Storage.Tests;

/// <summary>The scale-out store on a real redis-server with the deployment's append-only file.</summary>
public sealed class RedisStoreTests : StoreContract, IAsyncLifetime
{
    private readonly RedisServer redis = RedisServer.Persistent();
    private IConnectionMultiplexer? connection;
    private RedisEventStore? store;

    protected override IEventStore Store => store!;

    public async Task InitializeAsync()
    {
        await redis.InitializeAsync();
        // The product's options (no backlog: calls fail at once while disconnected), but with room for a loaded CI disk
        // to fsync 200 concurrent appends: these tests check what the store does, not how fast the disk is. The
        // outage test below fails fast through the missing backlog, not through the timeout.
        var options = StoreServiceCollectionExtensions.StoreRedisOptions(redis.ConnectionString);
        options.AsyncTimeout = 15_000;
        connection = await ConnectionMultiplexer.ConnectAsync(options);
        store = new RedisEventStore(connection, "test-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        await connection!.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task WhatWasAcknowledged_SurvivesAKillOfRedis()
    {
        var positions = await Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("kept")), new("log/1", Encoding.UTF8.GetBytes("also"))]);

        redis.Kill();
        await redis.StartAsync();
        await Eventually.UntilAsync(() => Task.FromResult(Store.IsAvailable), available => available, "the store to reconnect");
        var read = await Store.ReadAsync("log/0", 0, 10);

        read.Single().Payload.Should().Equal(Encoding.UTF8.GetBytes("kept"));
        positions.Should().Equal(1, 1);
        (await Store.HeadsAsync(["log/0", "log/1"])).Should().Equal(1, 1);
    }

    [Fact]
    public async Task ACallCutOffMidway_FailsAsUnavailable()
    {
        redis.Pause();
        var append = Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("cut off"))]);
        await Eventually.UntilAsync(() => Task.FromResult(redis.UnreadBytes()), unread => unread > 0, "the append to wait unread at the server");

        redis.Kill();

        // The connection is reset under the call: unavailable (503, retry), never an unexpected error (500).
        await append.Awaiting(a => a).Should().ThrowAsync<StoreUnavailableException>();
    }

    [Fact]
    public async Task AConnectionResetSurfacingAsTheSocketsOwnError_IsUnavailable()
    {
        // What the Redis fault test once answered 500 for: the client library let the socket's reset through as it was.
        var reset = () => RedisEventStore.Run<long>(() => throw new Pipelines.Sockets.Unofficial.ConnectionResetException(
            "Connection reset by peer", new System.Net.Sockets.SocketException(104)));

        await reset.Should().ThrowAsync<StoreUnavailableException>();
    }

    [Fact]
    public async Task WhileRedisIsDown_CallsFailAsUnavailable_WithoutWaitingForIt()
    {
        redis.Kill();

        await Eventually.UntilAsync(() => Task.FromResult(Store.IsAvailable), available => !available, "the store to notice");
        var append = () => Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("refused"))]);
        await append.Should().ThrowAsync<StoreUnavailableException>();

        await redis.StartAsync();
        await Eventually.UntilAsync(() => Task.FromResult(Store.IsAvailable), available => available, "the store to reconnect");
        (await Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("after"))])).Should().Equal(1);
    }
}
