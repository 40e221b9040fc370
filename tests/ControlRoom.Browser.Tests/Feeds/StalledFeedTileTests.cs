using System.Text.RegularExpressions;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Feeds;

/// <summary>
/// A control room must never show green because its feed died: once the source feeding a queue is silent past its
/// quiet limit, the queue's tile on the wall board says which source is silent and since when, in the viewer's
/// language, and loses its healthy look; data coming back restores it. Feed-health time is the host's fake clock.
/// </summary>
public sealed partial class StalledFeedTileTests(KestrelFeedHealthHost host, Chromium chromium)
    : IClassFixture<KestrelFeedHealthHost>, IClassFixture<Chromium>
{
    private const string Queue = "fs-tile";

    [Fact]
    public async Task TileOfASilentFeed_SaysNoDataSince_InEnglishAndItalian_AndRecovers()
    {
        var source = $"{FeedHealthHost.KeySource}/pbx-tile";
        using var pbx = host.ApiClient();
        pbx.DefaultRequestHeaders.Add("X-ControlRoom-Source", "pbx-tile");
        await pbx.PostAcceptedAsync(Offered("fs-1", Queue, DateTimeOffset.UtcNow));

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

        await pbx.PostAcceptedAsync(Offered("fs-2", Queue, DateTimeOffset.UtcNow));

        await Expect(tile.Locator(".status")).ToHaveAttributeAsync("data-status", "ok", new() { Timeout = 15_000 });
        await Expect(tile.Locator(".feed-stalled")).ToHaveCountAsync(0);
    }

    private static Regex SinceEnglish(string source) => new($"^No data from {Regex.Escape(source)} since \\d{{2}}:\\d{{2}} CES?T$");

    private static Regex SinceItalian(string source) => new($"^Nessun dato da {Regex.Escape(source)} dalle \\d{{2}}:\\d{{2}} CES?T$");

    [GeneratedRegex("status-ok")]
    private static partial Regex OkClass();
}
