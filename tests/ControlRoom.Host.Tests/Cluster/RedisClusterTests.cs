using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Cluster;

/// <summary>Redis mode end to end: two hosts, one real redis-server, one cluster.</summary>
public sealed class RedisClusterTests(RedisNodes nodes) : IClassFixture<RedisNodes>
{
    // Figures are read from rolling30m, not today: events a few seconds or minutes old fall on yesterday in the
    // queue's zone (Europe/Rome) when the suite runs just after local midnight.
    [Fact]
    public async Task EventPostedToOneNode_IsReadFromTheOther()
    {
        using var a = nodes.A.ApiClient();
        using var b = nodes.B.ApiClient();

        await a.PostAcceptedAsync(Offered("rc-1", "redis-read", DateTimeOffset.UtcNow.AddSeconds(-5)));
        var queue = await b.GetFromJsonAsync<JsonElement>("/api/queues/redis-read");

        queue.GetProperty("waiting").GetInt32().Should().Be(1);
        queue.GetProperty("rolling30m").GetProperty("offered").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task DeviationFromEventsPostedToOneNode_ReachesAHubClientOnTheOther()
    {
        await using var hub = nodes.B.Hub();
        var deviations = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("deviation", d => deviations.Writer.TryWrite(d));
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "redis-push" });
        using var a = nodes.A.ApiClient();

        await a.PostAcceptedAsync(Offered("rc-2", "redis-push", DateTimeOffset.UtcNow.AddSeconds(-180)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var deviation = await deviations.Reader.ReadAsync(timeout.Token);
        deviation.GetProperty("queueId").GetString().Should().Be("redis-push");
        deviation.GetProperty("severity").GetString().Should().Be("critical");
    }

    [Fact]
    public async Task QueueFigures_SurviveARestartOfTheWholeCluster()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var first = new RedisNode(redis.ConnectionString, clusterId);
        await first.InitializeAsync();
        using (var client = first.ApiClient())
        {
            await client.PostAcceptedAsync(
                Offered("rs-1", "redis-restart", DateTimeOffset.UtcNow.AddMinutes(-3)),
                Answered("rs-1", "agent-rs", DateTimeOffset.UtcNow.AddMinutes(-3).AddSeconds(8)),
                Ended("rs-1", DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        await first.DisposeAsync();
        await using var second = new RedisNode(redis.ConnectionString, clusterId);
        await second.InitializeAsync();
        using var reader = second.ApiClient();
        var queue = await reader.GetFromJsonAsync<JsonElement>("/api/queues/redis-restart");

        queue.GetProperty("rolling30m").GetProperty("answered").GetInt32().Should().Be(1);
        queue.GetProperty("rolling30m").GetProperty("asa").GetDouble().Should().Be(8);
    }
}
