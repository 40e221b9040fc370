using System.Text.Json.Nodes;
using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Components.Board;
using static ControlRoom.Browser.Tests.Boards.BoardStateTests;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>Predicted breaches (rule forecast-service-level) are their own banner, never mistaken for a real breach.</summary>
public sealed class ForecastBannerStateTests
{
    private static Deviation Forecast(string queueId, Severity severity, DateTimeOffset at) =>
        new(queueId, "forecast-service-level", "forecastServiceLevel", severity, 41.5, 80, T0, at);

    [Fact]
    public void Prediction_IsKeptApartFromBreaches_AndSurvivesTheQueuesNextSnapshot()
    {
        var state = new BoardState(_ => true);

        state.Apply(Forecast("q", Severity.Warning, T0), T0);
        state.Apply(Snapshot("q", T0.AddSeconds(1), waiting: 2));

        state.Breaches.Should().BeEmpty();
        state.Predictions.Should().ContainSingle().Which.Value.Should().Be(41.5);
    }

    [Fact]
    public void PredictionRecovering_GoesWithoutARecoveryBanner()
    {
        var state = new BoardState(_ => true);
        state.Apply(Forecast("q", Severity.Warning, T0), T0);

        state.Apply(Forecast("q", Severity.Ok, T0.AddMinutes(1)), T0.AddMinutes(1));

        state.Predictions.Should().BeEmpty();
        state.Recoveries.Should().BeEmpty();
    }

    [Fact]
    public void Resynchronising_ReplacesPredictions_WithTheForecastersCurrentOnes_ForShownQueuesOnly()
    {
        var state = new BoardState(id => id != "hidden");
        state.Apply(Forecast("old", Severity.Warning, T0), T0);

        state.Load([Snapshot("new", T0)], [Forecast("new", Severity.Warning, T0), Forecast("hidden", Severity.Warning, T0)]);

        state.Predictions.Select(p => p.QueueId).Should().Equal("new");
    }
}

/// <summary>A surge on one agent: the board shows a predicted-breach banner before any real breach.</summary>
public sealed class ForecastBannerTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task ForecastBreach_ShowsOnTheBoard_AsAPredictedBreachBanner()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/");
        await page.WaitForLiveAsync();
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonObject> { AgentState("fb-a1", "available", now.AddMinutes(-30), "fb-q") };
        for (var i = 0; i < 12; i++)
        {
            // Five-minute contacts, each answered at once: no wait rule fires while the load is far beyond one agent.
            var offered = now.AddSeconds(-300 + (i * 20));
            events.AddRange([Offered($"fb-{i}", "fb-q", offered), Answered($"fb-{i}", "fb-a1", offered), Ended($"fb-{i}", offered.AddSeconds(295 - (i * 20)))]);
        }

        await api.PostAcceptedAsync([.. events]);

        var banner = page.Locator(".banner-forecast[data-queue=fb-q]");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(banner.Locator(".banner-severity")).ToHaveTextAsync("Predicted breach");
        await Expect(banner).ToHaveAttributeAsync("data-rule", "forecast-service-level");
        await Expect(page.Locator(".banner-warning[data-queue=fb-q], .banner-critical[data-queue=fb-q]")).ToHaveCountAsync(0);
    }
}
