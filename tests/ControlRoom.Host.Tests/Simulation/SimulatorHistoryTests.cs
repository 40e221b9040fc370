using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Simulation;
using ControlRoom.Simulator;
using Microsoft.Extensions.Configuration;

namespace ControlRoom.Host.Tests.Simulation;

/// <summary>The embedded room with its simulator on: the past hour and last week's same day are there at start.</summary>
public sealed class SimulatedHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings().Where(s => s.Key != "Simulator:Enabled"),
        new("Simulator:Enabled", "true"),
        new("Simulator:History", "01:00:00"),
    ];
}

public sealed class SimulatorHistoryTests(SimulatedHost host) : IClassFixture<SimulatedHost>
{
    [Fact]
    public async Task EmbeddedRoom_StartsWithTheLastHourAndLastWeeksSameDay_InTheIntervals()
    {
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var reference = SimulatorSettings.From(new ConfigurationBuilder().Build()).Start(now);

        // The busiest simulated queue; the played hour has its intervals from about an hour ago.
        var history = await Eventually.UntilAsync(
            () => Offered(api, QueueCatalog.EnergyVoice, now.AddMinutes(-60), now.AddMinutes(-30)),
            offered => offered > 0,
            "intervals of the played hour");
        var lastWeek = await Eventually.UntilAsync(
            () => Offered(api, QueueCatalog.EnergyVoice, reference.ReferenceFrom!.Value, reference.ReferenceTo!.Value),
            offered => offered > history,
            "the reference day's intervals filled past the played half hour (it is played alongside the live hour)",
            TimeSpan.FromSeconds(60));

        history.Should().BeGreaterThan(0);
        lastWeek.Should().BeGreaterThan(history, "a whole day has more contacts than half an hour");
    }

    [Fact]
    public void Start_ReferenceDay_IsLastWeeksLocalDay_AndNoneWithRedis()
    {
        var monday = new DateTimeOffset(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)); // the day after Rome moves to summer time
        var embedded = SimulatorSettings.From(new ConfigurationBuilder().Build());
        var redis = SimulatorSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "localhost:6379" }).Build());

        var start = embedded.Start(monday);
        var redisStart = redis.Start(monday);

        start.LiveFrom.Should().Be(monday.AddHours(-8));
        start.ReferenceFrom.Should().Be(new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.FromHours(1)));
        start.ReferenceTo.Should().Be(new DateTimeOffset(2026, 3, 24, 0, 0, 0, TimeSpan.FromHours(1)));
        redisStart.LiveFrom.Should().Be(monday);
        redisStart.ReferenceFrom.Should().BeNull();
    }

    private static async Task<int> Offered(HttpClient api, string queueId, DateTimeOffset from, DateTimeOffset to)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"/api/queues/{queueId}/intervals?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        using var response = await api.GetAsync(url);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var intervals = await response.Content.ReadFromJsonAsync<JsonElement>();
        return intervals.EnumerateArray().Sum(i => i.GetProperty("offered").GetInt32());
    }
}
