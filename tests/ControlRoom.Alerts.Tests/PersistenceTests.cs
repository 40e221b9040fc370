using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Security;

namespace ControlRoom.Alerts.Tests;

/// <summary>The host in Redis mode: configured users and key (no development defaults there), a chosen cluster.</summary>
public sealed class RedisHost(string redis, string clusterId) : ControlRoomHost
{
    private static readonly string LeadHash = LocalUserStore.Hash(DevelopmentPassword);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings().Where(s => s.Key is not "Orleans:ClusterId" and not "Orleans:ServiceId"),
        new("ConnectionStrings:Redis", redis),
        new("Orleans:ClusterId", clusterId),
        new("Orleans:ServiceId", clusterId),
        new("Ingest:ApiKeys:0", DevelopmentKey),
        new("Auth:Users:0:UserName", "lead"),
        new("Auth:Users:0:PasswordHash", LeadHash),
        new("Auth:Users:0:Roles:0", Roles.TeamLead),
    ];
}

public sealed class PersistenceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AlertAndItsTimeline_SurviveAHostRestart_InRedisMode()
    {
        var clusterId = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        string id;
        var first = new RedisHost(redis.ConnectionString, clusterId);
        try
        {
            await first.InitializeAsync();
            await using var signals = await AlertSignals.StartAsync(first);
            await AlertSignals.BreachAsync(first, "persist-q");
            id = (await signals.NextAsync("persist-q", "raised")).GetProperty("id").GetString()!;
            using var lead = await first.SignInAsync("lead");
            (await lead.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "before the restart" })).EnsureSuccessStatusCode();
        }
        finally
        {
            // Hosts stop before Redis does (the class fixture outlives the test).
            await first.DisposeAsync();
        }

        var second = new RedisHost(redis.ConnectionString, clusterId);
        try
        {
            await second.InitializeAsync();
            using var lead = await second.SignInAsync("lead");

            var alert = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
            var listed = await lead.GetFromJsonAsync<JsonElement>("/api/alerts?status=acknowledged");

            alert.GetProperty("status").GetString().Should().Be("acknowledged");
            alert.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("note").GetString()))
                .Should().Contain(("acknowledged", "before the restart"));
            listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Contain(id);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
