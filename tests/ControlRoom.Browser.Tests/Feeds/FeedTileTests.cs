using System.Text.RegularExpressions;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Feeds;

/// <summary>
/// A control room must never show green on figures nobody can vouch for. Once the source feeding a queue is silent
/// past its quiet limit, the queue's tile on the wall board says which source is silent and since when, in the
/// viewer's language, and loses its healthy look; data coming back restores it. Feed-health time is the host's fake
/// clock. While a source catches up on a backlog, the tile says how far behind it is and marks its waits, until the
/// first live event has them judged.
/// </summary>
public sealed partial class FeedTileTests(KestrelFeedHealthHost host, Chromium chromium)
    : IClassFixture<KestrelFeedHealthHost>, IClassFixture<Chromium>
{
    private const string Queue = "fs-tile";
    private const string BehindQueue = "cu-tile";

    [Fact]
    public async Task TileOfASilentFeed_SaysNoDataSince_InEnglishAndItalian_AndRecovers()
    {
        var source = $"{FeedHealthHost.KeySource}/pbx-tile";
        using var pbx = host.ApiClient();
        pbx.DefaultRequestHeaders.Add("X-ControlRoom-Source", "pbx-tile");
        // Each contact is answered at once: a contact left waiting would age on the real clock while the test runs
        // and turn the tile amber for its wait, which is not what this test is about.
        var first = DateTimeOffset.UtcNow;
        await pbx.PostAcceptedAsync(Offered("fs-1", Queue, first), Answered("fs-1", "fs-agent", first.AddSeconds(1)));

        var english = await chromium.SignedInAsync(host, "viewer", "/", "en-GB");
        await english.WaitForLiveAsync();
        var tile = english.Tile(Queue);
        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "ok", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".feed-stalled")).ToHaveCountAsync(0);

        host.Clock.Advance(TimeSpan.FromMinutes(6));

        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "stale", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".status-text")).ToHaveTextAsync("No data");
        await Expect(tile.Locator(".feed-stalled")).ToHaveTextAsync(SinceEnglish(source));
        await Expect(tile).Not.ToHaveClassAsync(OkClass());
        await Expect(tile.Locator(".sl .on-target")).ToHaveCountAsync(0);

        var italian = await chromium.SignedInAsync(host, "viewer", "/", "it-IT");
        await italian.WaitForLiveAsync();
        var italianTile = italian.Tile(Queue);
        await Expect(italianTile.Locator(".status-text")).ToHaveTextAsync("Nessun dato", new() { Timeout = 15_000 });
        await Expect(italianTile.Locator(".feed-stalled")).ToHaveTextAsync(SinceItalian(source));

        var second = DateTimeOffset.UtcNow;
        await pbx.PostAcceptedAsync(Offered("fs-2", Queue, second), Answered("fs-2", "fs-agent", second.AddSeconds(1)));

        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "ok", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".feed-stalled")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TileOfASourceCatchingUp_SaysHowFarBehind_InEnglishAndItalian_UntilALiveEvent()
    {
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        await api.PostAcceptedAsync(Offered("cu-t1", BehindQueue, now.AddHours(-2).AddMinutes(-5)), Offered("cu-t2", BehindQueue, now.AddHours(-2)));

        var english = await chromium.SignedInAsync(host, "viewer", "/", "en-GB");
        await english.WaitForLiveAsync();
        var tile = english.Tile(BehindQueue);
        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "catching-up", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".status-text")).ToHaveTextAsync("Catching up");
        await Expect(tile.Locator(".catching-up")).ToHaveTextAsync(BehindEnglish());
        await Expect(tile.Locator(".figure.longest")).ToHaveClassAsync(Unvouched());
        await Expect(tile).Not.ToHaveClassAsync(OkClass());

        var italian = await chromium.SignedInAsync(host, "viewer", "/", "it-IT");
        await italian.WaitForLiveAsync();
        var italianTile = italian.Tile(BehindQueue);
        await Expect(italianTile.Locator(".status-text")).ToHaveTextAsync("In allineamento", new() { Timeout = 15_000 });
        await Expect(italianTile.Locator(".catching-up")).ToHaveTextAsync(BehindItalian());

        await api.PostAcceptedAsync(Offered("cu-t3", BehindQueue, DateTimeOffset.UtcNow));

        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "critical", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".catching-up")).ToHaveCountAsync(0);
        await Expect(tile.Locator(".figure.longest")).Not.ToHaveClassAsync(Unvouched());
    }

    private static Regex SinceEnglish(string source) => new($"^No data from {Regex.Escape(source)} since \\d{{2}}:\\d{{2}} CES?T$");

    private static Regex SinceItalian(string source) => new($"^Nessun dato da {Regex.Escape(source)} dalle \\d{{2}}:\\d{{2}} CES?T$");

    [GeneratedRegex(@"^Data 2 h 0\d behind$")]
    private static partial Regex BehindEnglish();

    [GeneratedRegex(@"^Dati in ritardo di 2 h 0\d$")]
    private static partial Regex BehindItalian();

    [GeneratedRegex(@"\bunvouched\b")]
    private static partial Regex Unvouched();

    [GeneratedRegex("status-ok")]
    private static partial Regex OkClass();
}
