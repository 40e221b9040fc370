using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Api;

public sealed class QueueSettingsTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private static JsonObject WaitingRule(double warning, double critical) => new()
    {
        ["serviceLevelThresholdSeconds"] = 15,
        ["shortAbandonSeconds"] = 5,
        ["serviceLevelTarget"] = 90,
        ["timeZone"] = "Europe/Rome",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["ruleId"] = "queue-depth",
            ["metric"] = "waiting",
            ["comparison"] = "above",
            ["warning"] = warning,
            ["critical"] = critical,
            ["runbook"] = "Call the overflow team.",
        }),
    };

    [Fact]
    public async Task Settings_ShowTheChannelDefaults_UntilAnAdminChangesThem()
    {
        using var client = host.ApiClient();
        await client.PostAcceptedAsync(Offered("set-1", "set-defaults", DateTimeOffset.UtcNow));

        var settings = await client.GetFromJsonAsync<JsonElement>("/api/queues/set-defaults/settings");

        settings.GetProperty("serviceLevelThresholdSeconds").GetInt32().Should().Be(20);
        settings.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).Should().Contain(["service-level", "longest-wait"]);
    }

    [Fact]
    public async Task NewRule_AppliesAtOnce_AndIsReturned()
    {
        await using var hub = host.Hub();
        var deviations = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("deviation", d => deviations.Writer.TryWrite(d));
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "set-live" });
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(Offered("set-2", "set-live", DateTimeOffset.UtcNow), Offered("set-3", "set-live", DateTimeOffset.UtcNow));
        using var admin = await host.SignInAsync("admin");

        // Two waiting: above the critical threshold of one (thresholds are strict).
        using var response = await admin.PutAsJsonAsync("/api/queues/set-live/settings", WaitingRule(0, 1));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var deviation = await deviations.Reader.ReadAsync(timeout.Token);
        deviation.GetProperty("ruleId").GetString().Should().Be("queue-depth");
        deviation.GetProperty("severity").GetString().Should().Be("critical");
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/queues/set-live/settings");
        stored.GetProperty("serviceLevelTarget").GetDouble().Should().Be(90);
        stored.GetProperty("rules").EnumerateArray().Should().ContainSingle().Which.GetProperty("runbook").GetString().Should().Be("Call the overflow team.");
    }

    [Fact]
    public async Task InvalidSettings_AreRefusedWhole_WithEachFieldNamed()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(Offered("set-4", "set-bad", DateTimeOffset.UtcNow));
        using var admin = await host.SignInAsync("admin");
        await admin.PutAsJsonAsync("/api/queues/set-bad/settings", WaitingRule(1, 2));
        var bad = WaitingRule(5, 1);
        bad["serviceLevelTarget"] = 150;

        using var response = await admin.PutAsJsonAsync("/api/queues/set-bad/settings", bad);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("serviceLevelTarget", "rules[0].critical");
        var kept = await admin.GetFromJsonAsync<JsonElement>("/api/queues/set-bad/settings");
        kept.GetProperty("serviceLevelTarget").GetDouble().Should().Be(90, "a refused edit changes nothing");
    }

    [Fact]
    public async Task MaxConcurrentContacts_IsKeptWhenValid_AndRefusedOutOfRange()
    {
        using (var source = host.ApiClient())
        {
            await source.PostAcceptedAsync(Offered("set-chat-1", "set-chat", DateTimeOffset.UtcNow, "chat"));
        }

        using var admin = await host.SignInAsync("admin");
        var three = WaitingRule(1, 2);
        three["maxConcurrentContacts"] = 3;
        var none = WaitingRule(1, 2);
        none["maxConcurrentContacts"] = 0;

        using var kept = await admin.PutAsJsonAsync("/api/queues/set-chat/settings", three);
        using var refused = await admin.PutAsJsonAsync("/api/queues/set-chat/settings", none);

        kept.StatusCode.Should().Be(HttpStatusCode.OK);
        (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("maxConcurrentContacts").GetInt32().Should().Be(3);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("maxConcurrentContacts");
        (await admin.GetFromJsonAsync<JsonElement>("/api/queues/set-chat/settings")).GetProperty("maxConcurrentContacts").GetInt32().Should().Be(3);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("lead")]
    [InlineData("planner")]
    [InlineData("key")]
    public async Task OnlyAdmins_MayChangeSettings(string caller)
    {
        using var client = caller == "key" ? host.ApiClient() : await host.SignInAsync(caller);

        using var response = await client.PutAsJsonAsync("/api/queues/set-auth/settings", WaitingRule(1, 2));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}

/// <summary>Concurrency from configuration: every queue's default, and one queue's own.</summary>
public sealed class ConfiguredConcurrencyHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("ControlRoom:Defaults:MaxConcurrentContacts", "2"),
        new("ControlRoom:Queues:cfg-chat:MaxConcurrentContacts", "4"),
    ];
}

public sealed class ConfiguredConcurrencyTests(ConfiguredConcurrencyHost host) : IClassFixture<ConfiguredConcurrencyHost>
{
    [Fact]
    public async Task Configuration_SetsTheDefault_AndAQueuesOwn()
    {
        using var client = host.ApiClient();
        await client.PostAcceptedAsync(Offered("cfg-1", "cfg-chat", DateTimeOffset.UtcNow, "chat"), Offered("cfg-2", "cfg-other", DateTimeOffset.UtcNow, "chat"));

        var own = await client.GetFromJsonAsync<JsonElement>("/api/queues/cfg-chat/settings");
        var other = await client.GetFromJsonAsync<JsonElement>("/api/queues/cfg-other/staffing");

        own.GetProperty("maxConcurrentContacts").GetInt32().Should().Be(4);
        other.GetProperty("concurrency").GetDouble().Should().Be(2);
        other.GetProperty("concurrencySource").GetString().Should().Be("configured");
    }

    [Fact]
    public void ABadConfiguredValue_StopsTheHostAtStart_NamingTheKey()
    {
        using var bad = new BadConcurrencyHost();

        var start = () => bad.Services;

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>()
            .Which.Message.Should().Contain("ControlRoom:Queues:bad-chat: maxConcurrentContacts");
    }

    private sealed class BadConcurrencyHost : ControlRoomHost
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [.. base.Settings(), new("ControlRoom:Queues:bad-chat:MaxConcurrentContacts", "0")];
    }
}
