using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Durability.Tests;

/// <summary>
/// The embedded default as a single-site contact centre runs it (one published host process, no Redis, its data
/// folder on disk), killed with SIGKILL and started again on the same folder: the day is still there.
/// </summary>
public sealed class EmbeddedRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "controlroom-embedded-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task KilledAndStartedAgain_TheEmbeddedRoomKeepsItsFiguresAlertsAndReroutes()
    {
        await using var host = HostProcess.Create("embedded", new Dictionary<string, string>
        {
            ["ControlRoom:DataPath"] = dataPath,
            ["Auth:DevelopmentUsers"] = "true",
        });
        await host.StartAsync();

        // A reroute and an acknowledged alert, made by people through the API.
        using (var source = host.ApiClient())
        {
            await source.PostAcceptedAsync(
                AgentState("emb-a1", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "emb-from"),
                AgentState("emb-a2", "available", DateTimeOffset.UtcNow.AddSeconds(-30), "emb-to"),
                Offered("emb-waiting", "emb-alert", DateTimeOffset.UtcNow.AddSeconds(-150)));
        }

        var alertId = await OpenAlertIdAsync(host, "emb-alert");
        using (var lead = await host.SignInAsync("lead"))
        {
            using var acknowledged = await lead.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { note = "before the crash" });
            acknowledged.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var planner = await host.SignInAsync("planner"))
        {
            using var moved = await planner.PostAsJsonAsync("/api/agents/emb-a1/queues",
                new { add = new[] { new { queueId = "emb-to", priority = 1 } }, remove = new[] { "emb-from" } });
            moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }

        // Contacts under load, and the process killed while they are being sent.
        var load = new UniqueLoad("embedded", batches: 60, contactsPerBatch: 50);
        var killed = 0;
        await load.SendAllAsync(() => [host], parallel: 2, acknowledged =>
        {
            if (acknowledged >= load.Batches / 2 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                host.Kill();
            }
        });
        output.WriteLine($"{load.Acknowledged} of {load.Batches} batches acknowledged before the kill; refused: {load.Refusals.Count}");

        await host.StartAsync();
        var restarted = DateTime.UtcNow;
        await load.WaitForAcknowledgedAsync(host, TimeSpan.FromSeconds(60));
        output.WriteLine($"every acknowledged contact in the figures {(DateTime.UtcNow - restarted).TotalSeconds:F1} s after the restart");
        await load.RetryUnacknowledgedAsync(host, TimeSpan.FromSeconds(60));
        await load.WaitForExactlyAsync(host, load.Contacts, TimeSpan.FromSeconds(60));

        using var reader = await host.SignInAsync("lead");
        var alert = await reader.GetFromJsonAsync<JsonElement>($"/api/alerts/{alertId}");
        alert.GetProperty("status").GetString().Should().Be("acknowledged", "an acknowledgement survives the crash");
        alert.GetProperty("acknowledgedBy").GetString().Should().Be("lead");

        var agent = await host.GetJsonAsync("/api/agents/emb-a1");
        agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("emb-to");
        using var auditor = await host.SignInAsync("planner");
        var reroutes = await auditor.GetFromJsonAsync<JsonElement>("/api/reroutes");
        reroutes.EnumerateArray().Should().Contain(r => r.GetRawText().Contains("emb-a1", StringComparison.Ordinal), "the reroute's audit entry survives");

        var waiting = await host.GetJsonAsync("/api/queues/emb-alert");
        waiting.GetProperty("waiting").GetInt32().Should().Be(1, "the contact still waiting is still waiting");
    }

    private static async Task<string> OpenAlertIdAsync(HostProcess host, string queueId)
    {
        using var lead = await host.SignInAsync("lead");
        var alerts = await Eventually.UntilAsync(
            () => lead.GetFromJsonAsync<JsonElement>($"/api/alerts?queueId={queueId}&status=active"),
            found => found.GetArrayLength() > 0,
            "the longest-wait alert of the waiting contact");
        return alerts[0].GetProperty("id").GetString()!;
    }

    public void Dispose()
    {
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
