using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Sources.Tests.Health;

/// <summary>
/// Feed health on the real host: every request's source is tracked cluster-wide, a source silent past its quiet limit
/// raises a feed-stalled alert on the queues it feeds, and data coming back clears it. Feed-health time is a fake clock
/// the tests move; the host's answers are polled at the HTTP edge.
/// </summary>
public sealed class FeedHealthTests(FeedHealthHost host) : IClassFixture<FeedHealthHost>
{
    [Fact]
    public async Task SilentFeed_RaisesFeedStalled_OnItsQueues_AndClearsWhenDataReturns()
    {
        var source = $"{FeedHealthHost.KeySource}/pbx-a";
        using var pbx = Instance("pbx-a");
        using var admin = await host.SignInAsync("admin");
        // Whole seconds, 30 s before the real clock (which the occurredAt window checks); the fake clock may be ahead.
        var real = DateTimeOffset.UtcNow;
        var occurred = new DateTimeOffset(real.UtcTicks - (real.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(-30);
        var lag = (host.Clock.GetUtcNow() - occurred).TotalSeconds;
        await pbx.PostAcceptedAsync(Offered("fh-a-1", "fh-a", occurred));

        var live = await FeedAsync(admin, source, f => f.GetProperty("eventsTotal").GetInt64() == 1);
        State(live).Should().Be("live");
        live.GetProperty("lagSeconds").GetDouble().Should().BeApproximately(lag, 0.01, "arrival (feed-health clock) minus occurredAt");
        live.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("fh-a");
        live.GetProperty("quietLimitSeconds").GetDouble().Should().Be(300, "the default quiet limit is five minutes");

        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2));
        var stalled = await FeedAsync(admin, source, f => State(f) == "stalled");
        stalled.GetProperty("stalledSince").GetDateTimeOffset().Should().Be(live.GetProperty("lastReceivedAt").GetDateTimeOffset());
        var alert = await AlertAsync(admin, "fh-a", source, a => a.GetProperty("status").GetString() == "open");
        alert.GetProperty("severity").GetString().Should().Be("critical");
        alert.GetProperty("metric").GetString().Should().Be("feedSilenceSeconds");
        alert.GetProperty("threshold").GetDouble().Should().Be(300);

        await pbx.PostAcceptedAsync(Offered("fh-a-2", "fh-a", DateTimeOffset.UtcNow));
        await FeedAsync(admin, source, f => State(f) == "live" && f.GetProperty("eventsTotal").GetInt64() == 2);
        var resolved = await AlertAsync(admin, "fh-a", source, a => a.GetProperty("status").GetString() == "resolved");
        resolved.GetProperty("id").GetString().Should().Be(alert.GetProperty("id").GetString(), "the same episode closes");
    }

    [Fact]
    public async Task QuietLimit_IsPerSource()
    {
        using var quick = Instance("pbx-quick");
        using var slow = Instance(FeedHealthHost.SlowInstance);
        using var admin = await host.SignInAsync("admin");
        await quick.PostAcceptedAsync(Offered("fh-b-1", "fh-b", DateTimeOffset.UtcNow));
        await slow.PostAcceptedAsync(Offered("fh-b-2", "fh-b", DateTimeOffset.UtcNow));
        var slowSource = $"{FeedHealthHost.KeySource}/{FeedHealthHost.SlowInstance}";
        await FeedAsync(admin, slowSource, f => f.GetProperty("eventsTotal").GetInt64() >= 1);

        host.Clock.Advance(TimeSpan.FromMinutes(6));
        await FeedAsync(admin, $"{FeedHealthHost.KeySource}/pbx-quick", f => State(f) == "stalled");
        var patient = await FeedAsync(admin, slowSource, _ => true);
        State(patient).Should().Be("live", "its own quiet limit is ten minutes");
        patient.GetProperty("label").GetString().Should().Be("PBX Slow");
        patient.GetProperty("quietLimitSeconds").GetDouble().Should().Be(600);
    }

    [Fact]
    public async Task RefusedInput_IsCounted_AndNeverMakesAFeedLive()
    {
        using var bad = Instance("pbx-bad");
        using var admin = await host.SignInAsync("admin");
        var broken = Offered("fh-c-1", "fh-c", DateTimeOffset.UtcNow);
        broken.Remove("queueId");
        (await bad.PostEventsAsync(broken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var refused = await FeedAsync(admin, $"{FeedHealthHost.KeySource}/pbx-bad", f => f.GetProperty("rejectedTotal").GetInt64() == 1);
        State(refused).Should().Be("refused");
        refused.GetProperty("rejectedRecent").GetInt32().Should().Be(1);
        refused.GetProperty("lastReceivedAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task InvalidInstanceName_IsRefusedWithAProblem_AndNothingIsApplied()
    {
        using var client = Instance("bad name!");
        var response = await client.PostEventsAsync(Offered("fh-d-1", "fh-d", DateTimeOffset.UtcNow));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("X-ControlRoom-Source");
        using var reader = host.ApiClient();
        (await reader.GetAsync("/api/queues/fh-d")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sources_AreForAdminsOnly()
    {
        using var key = host.ApiClient();
        (await key.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var viewer = await host.SignInAsync("viewer");
        (await viewer.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var admin = await host.SignInAsync("admin");
        (await admin.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private HttpClient Instance(string name)
    {
        var client = host.ApiClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-ControlRoom-Source", name);
        return client;
    }

    private static string State(JsonElement feed) => feed.GetProperty("state").GetString()!.ToLowerInvariant();

    /// <summary>The source as <c>GET /api/sources</c> shows it, once <paramref name="done"/> holds.</summary>
    internal static Task<JsonElement> FeedAsync(HttpClient admin, string source, Func<JsonElement, bool> done) =>
        Eventually.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement[]>("/api/sources"))!.FirstOrDefault(f => f.GetProperty("source").GetString() == source),
            f => f.ValueKind == JsonValueKind.Object && done(f),
            $"source {source}");

    private static Task<JsonElement> AlertAsync(HttpClient admin, string queueId, string source, Func<JsonElement, bool> done) =>
        Eventually.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement[]>($"/api/alerts?queueId={queueId}"))!
                .FirstOrDefault(a => a.GetProperty("ruleId").GetString() == "feed-stalled:" + source),
            a => a.ValueKind == JsonValueKind.Object && done(a),
            $"feed-stalled alert on {queueId}");
}
