using System.Net;
using System.Net.Http.Json;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Api;

/// <summary>
/// Issue 14 item 2: a read names an id, it does not create one. Every per-queue and per-agent read of an unknown id
/// answers 404 and leaves no grain active for it; the hub follows a bounded number of queues.
/// </summary>
public sealed class UnknownIdsTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    public static TheoryData<string> QueueReads => new()
    {
        "/api/queues/{0}",
        "/api/queues/{0}/intervals",
        "/api/queues/{0}/settings",
        "/api/queues/{0}/staffing",
        "/api/queues/{0}/ewt",
        "/api/queues/{0}/forecast",
    };

    [Theory]
    [MemberData(nameof(QueueReads))]
    public async Task QueueRead_OfAnUnknownId_Is404_AndActivatesNoGrain(string template)
    {
        using var client = host.ApiClient();
        var ghost = "ghost-" + Guid.NewGuid().ToString("N")[..12];

        using var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, ghost));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await IsActive<IQueueGrain>(ghost)).Should().BeFalse("a read must not create the queue it names");
        (await Directory().GetQueues()).Should().NotContain(ghost);
    }

    [Theory]
    [MemberData(nameof(QueueReads))]
    public async Task QueueRead_OfAnIdNoEventCouldName_Is404(string template)
    {
        using var client = host.ApiClient();

        foreach (var id in new[] { "%C2%85", "%20", "%09", "..%2F..", "%E2%80%A8", new string('q', 65) })
        {
            using var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id));

            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "for id {0}", id);
        }
    }

    [Fact]
    public async Task ActivationProbe_SeesTheGrainsOfQueuesAndAgentsThatExist()
    {
        using var client = host.ApiClient();
        var queue = "probe-" + Guid.NewGuid().ToString("N")[..8];

        await client.PostAcceptedAsync(Offered($"{queue}-1", queue, DateTimeOffset.UtcNow.AddSeconds(-20)), Answered($"{queue}-1", queue + "-agent", DateTimeOffset.UtcNow));

        (await IsActive<IQueueGrain>(queue)).Should().BeTrue("the probe the other tests rely on must see an active grain");
        (await IsActive<IAgentGrain>(queue + "-agent")).Should().BeTrue();
    }

    [Fact]
    public async Task AgentRead_OfAnUnknownId_Is404_AndActivatesNoGrain()
    {
        using var client = host.ApiClient();
        var ghost = "ghost-agent-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.GetAsync($"/api/agents/{ghost}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await IsActive<IAgentGrain>(ghost)).Should().BeFalse();
    }

    [Fact]
    public async Task AlertReads_NamingAnUnknownQueue_ActivateNoAlertBook()
    {
        using var client = host.ApiClient();
        using var lead = await host.SignInAsync("lead");
        var ghost = "ghost-alerts-" + Guid.NewGuid().ToString("N")[..8];

        using var one = await client.GetAsync($"/api/alerts/{ghost}-1");
        using var list = await client.GetAsync($"/api/alerts?queueId={ghost}");
        using var act = await lead.PostAsJsonAsync($"/api/alerts/{ghost}-1/acknowledge", new { note = "x" });

        one.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadFromJsonAsync<List<object>>()).Should().BeEmpty();
        act.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await IsActive<IAlertBookGrain>(ghost)).Should().BeFalse();
    }

    [Fact]
    public async Task SettingsWrite_ForAnUnknownQueue_Is404_AndCreatesNothing()
    {
        using var admin = await host.SignInAsync("admin");
        var ghost = "ghost-settings-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await admin.PutAsJsonAsync($"/api/queues/{ghost}/settings", new
        {
            serviceLevelThresholdSeconds = 20, shortAbandonSeconds = 5, serviceLevelTarget = 80, timeZone = "Europe/Rome", rules = Array.Empty<object>(),
        });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await IsActive<IQueueGrain>(ghost)).Should().BeFalse();
    }

    [Fact]
    public async Task Read_RightAfterTheFirstEvent_FindsTheQueue()
    {
        using var client = host.ApiClient();
        var queue = "fresh-" + Guid.NewGuid().ToString("N")[..8];
        using var before = await client.GetAsync($"/api/queues/{queue}");

        await client.PostAcceptedAsync(Offered($"{queue}-1", queue, DateTimeOffset.UtcNow.AddSeconds(-3)));
        using var after = await client.GetAsync($"/api/queues/{queue}");

        before.StatusCode.Should().Be(HttpStatusCode.NotFound);
        after.StatusCode.Should().Be(HttpStatusCode.OK, "a queue known to the directory is found at once, whatever this node cached before");
    }

    [Fact]
    public async Task ManyUnknownReads_AtOnce_AllAnswer404_AndCreateNothing()
    {
        using var client = host.ApiClient();
        var ghosts = Enumerable.Range(0, 200).Select(i => $"flood-{i}-{Guid.NewGuid():N}"[..24]).ToList();

        var answers = await Task.WhenAll(ghosts.Select(async g =>
        {
            using var response = await client.GetAsync($"/api/queues/{g}");
            return response.StatusCode;
        }));

        answers.Should().AllBeEquivalentTo(HttpStatusCode.NotFound);
        var active = await ActiveKeys<IQueueGrain>();
        active.Should().NotContain(k => k.StartsWith("flood-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HubSubscription_ToUnknownQueues_ActivatesNoGrain()
    {
        await using var hub = host.Hub();
        await hub.StartAsync();
        var ghost = "ghost-hub-" + Guid.NewGuid().ToString("N")[..8];

        await hub.InvokeAsync("Subscribe", new[] { ghost });

        (await IsActive<IQueueGrain>(ghost)).Should().BeFalse();
        (await Directory().GetQueues()).Should().NotContain(ghost);
    }

    [Fact]
    public async Task HubConnection_FollowsAtMostTheConfiguredNumberOfQueues()
    {
        await using var hub = host.Hub();
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", Enumerable.Range(0, 150).Select(i => $"cap-a-{i}").ToArray());

        var tooMany = () => hub.InvokeAsync("Subscribe", Enumerable.Range(0, 51).Select(i => $"cap-b-{i}").ToArray());
        var exactlyTheLimit = () => hub.InvokeAsync("Subscribe", Enumerable.Range(0, 50).Select(i => $"cap-c-{i}").ToArray());
        var everything = () => hub.InvokeAsync("Subscribe", new[] { "*" });

        await tooMany.Should().ThrowAsync<HubException>().WithMessage("*at most 200 queues*");
        await exactlyTheLimit.Should().NotThrowAsync("150 + 50 is the default limit of 200");
        await everything.Should().NotThrowAsync("'*' follows every queue as one subscription");
    }

    private IDirectoryGrain Directory() => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IDirectoryGrain>(0);

    private async Task<bool> IsActive<TGrain>(string key)
        where TGrain : IGrainWithStringKey =>
        (await ActiveKeys<TGrain>()).Contains(key);

    /// <summary>The keys of every active grain of the type, from the cluster's management grain (asking a grain itself would activate it).</summary>
    private async Task<IReadOnlyList<string>> ActiveKeys<TGrain>()
        where TGrain : IGrainWithStringKey
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var type = ((GrainReference)(object)grains.GetGrain<TGrain>("probe")).GrainId.Type;
        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(type);
        return [.. active.Select(id => id.Key.ToString()!)];
    }
}
