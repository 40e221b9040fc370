using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Live;

/// <summary>Real HTTP and a real SignalR client over a WebSocket: what a wall board sees.</summary>
public sealed class WallboardHubTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Subscribe_SendsASnapshotAtOnce()
    {
        using var client = host.ApiClient();
        await client.PostAcceptedAsync(Offered("snap-1", "hub-snap", DateTimeOffset.UtcNow.AddSeconds(-2)));
        await using var hub = host.Hub();
        var snapshots = Listen<JsonElement[]>(hub, "snapshot");
        await hub.StartAsync();

        await hub.InvokeAsync("Subscribe", new[] { "hub-snap" });

        var snapshot = await snapshots.ReadAsync().AsTask().WaitAsync(Patience);
        snapshot.Should().ContainSingle().Which.GetProperty("waiting").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task LongWaitingContact_RaisesACriticalDeviation_AndAnsweringItRecovers()
    {
        await using var hub = host.Hub();
        var deviations = Listen<JsonElement>(hub, "deviation");
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "*" });
        using var client = host.ApiClient();
        var offeredAt = DateTimeOffset.UtcNow.AddSeconds(-150);

        await client.PostAcceptedAsync(Offered("dev-1", "hub-dev", offeredAt));
        var raised = await NextAsync(deviations, d => d.GetProperty("queueId").GetString() == "hub-dev" && d.GetProperty("ruleId").GetString() == "longest-wait");

        await client.PostAcceptedAsync(Answered("dev-1", "agent-dev", DateTimeOffset.UtcNow));
        var recovered = await NextAsync(deviations, d => d.GetProperty("queueId").GetString() == "hub-dev" && d.GetProperty("severity").GetString() == "ok");

        raised.GetProperty("severity").GetString().Should().Be("critical");
        raised.GetProperty("metric").GetString().Should().Be("longestWaitSeconds");
        raised.GetProperty("value").GetDouble().Should().BeGreaterThanOrEqualTo(150);
        raised.GetProperty("threshold").GetDouble().Should().Be(120);
        recovered.GetProperty("ruleId").GetString().Should().Be("longest-wait");
    }

    [Fact]
    public async Task WaitingContact_BreachesOnTheClock_WithoutAnyFurtherEvent()
    {
        await using var hub = host.Hub();
        var deviations = Listen<JsonElement>(hub, "deviation");
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "hub-clock" });
        using var client = host.ApiClient();

        // 89 s old when posted: past the 60 s warning, but not yet for the default rule's 30 s; only the passing of
        // time can breach it.
        await client.PostAcceptedAsync(Offered("clock-1", "hub-clock", DateTimeOffset.UtcNow.AddSeconds(-89)));
        var raised = await NextAsync(deviations, d => d.GetProperty("queueId").GetString() == "hub-clock");

        raised.GetProperty("severity").GetString().Should().Be("warning");
        raised.GetProperty("value").GetDouble().Should().BeGreaterThanOrEqualTo(90);
    }

    [Fact]
    public async Task QueueUpdated_FollowsEvents_ForSubscribedQueuesOnly()
    {
        await using var hub = host.Hub();
        var updates = Listen<JsonElement>(hub, "queueUpdated");
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "hub-upd-a" });
        using var client = host.ApiClient();

        await client.PostAcceptedAsync(Offered("upd-b", "hub-upd-b", DateTimeOffset.UtcNow), Offered("upd-a", "hub-upd-a", DateTimeOffset.UtcNow));
        var first = await NextAsync(updates, _ => true);

        // Both queues changed in the same batch; only the followed one may reach this connection.
        first.GetProperty("queueId").GetString().Should().Be("hub-upd-a");
        first.GetProperty("waiting").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Subscribe_RejectsMalformedQueueIds()
    {
        await using var hub = host.Hub();
        await hub.StartAsync();

        var subscribe = () => hub.InvokeAsync("Subscribe", new[] { "bad id with spaces" });

        await subscribe.Should().ThrowAsync<HubException>().WithMessage("*queueIds*");
    }

    private static ChannelReader<T> Listen<T>(HubConnection hub, string message)
    {
        var channel = Channel.CreateUnbounded<T>();
        hub.On<T>(message, item => channel.Writer.TryWrite(item));
        return channel.Reader;
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> reader, Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var item in reader.ReadAllAsync(timeout.Token))
        {
            if (match(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("The hub closed before the expected message.");
    }
}
