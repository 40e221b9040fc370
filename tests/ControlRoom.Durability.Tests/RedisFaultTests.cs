using System.Text.Json;
using ControlRoom.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace ControlRoom.Durability.Tests;

/// <summary>
/// Redis mode under load with real processes: a host killed with SIGKILL, Redis killed with SIGKILL and started
/// again. Every batch answered 202 must be in the figures exactly once — right after the fault, after the source
/// retried what was refused, and after a clean restart of every host.
/// </summary>
public sealed class RedisFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillingAHostUnderLoad_LosesNoAcknowledgedEvent_AndCountsNoneTwice()
    {
        await using var cluster = await RedisCluster.StartAsync(hosts: 3);
        var load = new UniqueLoad("kill-host", batches: 120, contactsPerBatch: 100);
        var victim = cluster.Hosts[1];
        var survivor = cluster.Hosts[0];
        var killedAt = DateTime.MinValue;
        Task<JsonElement>? subscribed = null;

        await load.SendAllAsync(() => cluster.Running, parallel: 3, acknowledged =>
        {
            if (acknowledged >= load.Batches / 3 && killedAt == DateTime.MinValue)
            {
                killedAt = DateTime.UtcNow;
                victim.Kill();

                // A wall board's client subscribing the instant after the crash, while the dead node's grains move.
                subscribed = SubscribeToEveryQueueAsync(survivor);
            }
        });

        var snapshot = await subscribed!;
        snapshot.EnumerateArray().Select(q => q.GetProperty("queueId").GetString()).Should().Contain(UniqueLoad.Queues[0],
            "a Subscribe sent right after a crash is answered with the room, not an error");
        var acknowledgedBeforeRetry = load.Acknowledged;
        var recovered = await load.WaitForAcknowledgedAsync(survivor, TimeSpan.FromSeconds(60));
        output.WriteLine($"{acknowledgedBeforeRetry} of {load.Batches} batches acknowledged under the fault; every one in the figures {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill ({recovered.TotalSeconds:F1} s after the load ended)");
        output.WriteLine("Refused: " + string.Join("; ", load.Refusals.Take(20)));

        await load.RetryUnacknowledgedAsync(survivor, TimeSpan.FromSeconds(60));
        await load.WaitForExactlyAsync(survivor, load.Contacts, TimeSpan.FromSeconds(60));
        await load.WaitForExactlyAsync(cluster.Hosts[2], load.Contacts, TimeSpan.FromSeconds(60));

        await EveryHostCountsExactlyAfterARestartAsync(cluster, load);
    }

    [Fact]
    public async Task KillingRedisUnderLoad_Answers503_ThenLosesNothingOnceItIsBack()
    {
        await using var cluster = await RedisCluster.StartAsync(hosts: 2);
        var load = new UniqueLoad("kill-redis", batches: 120, contactsPerBatch: 100);
        var killed = 0;
        var restarted = 0;
        var restart = Task.CompletedTask;

        // Redis goes down a third of the way in and comes back (on its append-only file) once requests have met the outage.
        await load.SendAllAsync(() => cluster.Running, parallel: 2, acknowledged =>
        {
            if (acknowledged >= load.Batches / 3 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                cluster.Redis.Kill();
            }
            else if (killed == 1 && load.Refusals.Count >= 8 && Interlocked.Exchange(ref restarted, 1) == 0)
            {
                restart = cluster.Redis.StartAsync();
            }
        });

        await restart;
        output.WriteLine($"{load.Acknowledged} of {load.Batches} batches acknowledged; refused: " + string.Join("; ", load.Refusals.Take(30)));
        load.Refusals.Should().NotBeEmpty("requests were sent while Redis was down");
        load.Refusals.Should().OnlyContain(r => r.StartsWith("503", StringComparison.Ordinal) && r.Contains("Retry-After", StringComparison.Ordinal),
            "while the log cannot be written the answer is 503 with Retry-After: never a 500, never a hang");

        await load.WaitForAcknowledgedAsync(cluster.Hosts[0], TimeSpan.FromSeconds(60));
        await load.RetryUnacknowledgedAsync(cluster.Hosts[1], TimeSpan.FromSeconds(60));
        await load.WaitForExactlyAsync(cluster.Hosts[0], load.Contacts, TimeSpan.FromSeconds(60));

        await EveryHostCountsExactlyAfterARestartAsync(cluster, load);
    }

    [Fact]
    public async Task AHostAskedToStopWhileRedisIsDown_Stops()
    {
        await using var cluster = await RedisCluster.StartAsync(hosts: 1);
        var host = cluster.Hosts[0];
        var load = new UniqueLoad("stop", batches: 5, contactsPerBatch: 50);
        await load.SendAllAsync(() => cluster.Running, parallel: 1);

        cluster.Redis.Kill();
        var took = await host.StopAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"stopped {took.TotalSeconds:F1} s after SIGTERM with Redis down");
        host.IsRunning.Should().BeFalse();
        took.Should().BeLessThan(TimeSpan.FromSeconds(10), "an orchestrator must be able to stop a host whose Redis is gone");
    }

    /// <summary>Stop every host and start them again: a rebuilt room must count each acknowledged contact once.</summary>
    private static async Task EveryHostCountsExactlyAfterARestartAsync(RedisCluster cluster, UniqueLoad load)
    {
        await cluster.RestartAllAsync();
        foreach (var host in cluster.Hosts)
        {
            await load.WaitForExactlyAsync(host, load.Contacts, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Connects to the hub with the development key, follows every queue and returns the first snapshot.</summary>
    private static async Task<JsonElement> SubscribeToEveryQueueAsync(HostProcess host)
    {
        var snapshot = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/wallboard"), o => o.Headers["X-Api-Key"] = ControlRoomHost.DevelopmentKey)
            .Build();
        hub.On<JsonElement>("snapshot", s => snapshot.TrySetResult(s));
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "*" });
        return await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
