using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Staffing.Tests.HubMessages;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Staffing.Tests;

/// <summary>A forecast breach reaches wall boards as its own deviation, before any real one.</summary>
public sealed class ForecastTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task Surge_OnOneAgent_RaisesAForecastDeviationOnTheHub()
    {
        await using var hub = host.Hub();
        var deviations = Listen(hub, "deviation");
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", new[] { "fc-q" });
        using var source = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonObject> { AgentState("fc-a1", "available", now.AddMinutes(-30), "fc-q") };
        for (var i = 0; i < 12; i++)
        {
            // Five-minute contacts, all answered at once: the wait rules stay quiet while the load is far beyond one agent.
            var offered = now.AddSeconds(-300 + (i * 20));
            events.AddRange([Offered($"fc-{i}", "fc-q", offered), Answered($"fc-{i}", "fc-a1", offered), Ended($"fc-{i}", offered.AddSeconds(295 - (i * 20)))]);
        }

        await source.PostAcceptedAsync([.. events]);
        var forecastApi = await source.GetFromJsonAsync<JsonElement>("/api/queues/fc-q/forecast");

        var raised = await NextAsync(deviations, d => d.GetProperty("ruleId").GetString() == "forecast-service-level");

        forecastApi.GetProperty("breach").GetBoolean().Should().BeTrue();
        raised.GetProperty("queueId").GetString().Should().Be("fc-q");
        raised.GetProperty("metric").GetString().Should().Be("forecastServiceLevel");
        raised.GetProperty("severity").GetString().Should().Be("warning");
        raised.GetProperty("threshold").GetDouble().Should().Be(80);
    }
}
