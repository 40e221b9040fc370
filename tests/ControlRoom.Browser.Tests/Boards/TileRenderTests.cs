using System.Globalization;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>
/// A queue's change re-renders its own tile, not the board: on a board of a thousand queues, re-rendering every tile
/// for every change is what made the board never finish loading. Each tile counts its renders in <c>data-renders</c>.
/// </summary>
public sealed class TileRenderTests(FastPagingHost host, Chromium chromium) : IClassFixture<FastPagingHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task ChangesToOneQueue_ReRenderItsTileOnly()
    {
        await host.BoardAsync("pair", 2);
        var page = await chromium.SignedInAsync(host, "viewer", "/boards/pair");
        await page.WaitForWallAsync();
        await page.WaitForLiveAsync();
        var busy = page.Tile("pair-q01");
        var quiet = page.Tile("pair-q02");
        await Expect(busy.Locator(".waiting .value")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        var busyBefore = await RendersAsync(busy);
        var quietBefore = await RendersAsync(quiet);
        using var api = host.ApiClient();

        // Six changes of one queue, each seen on its tile before the next (so none is coalesced with another).
        for (var k = 1; k <= 6; k++)
        {
            await api.PostAcceptedAsync(Offered($"pair-wait-{k}", "pair-q01", DateTimeOffset.UtcNow));
            await Expect(busy.Locator(".waiting .value")).ToHaveTextAsync(k.ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        }

        (await RendersAsync(busy)).Should().BeGreaterThanOrEqualTo(busyBefore + 6);
        (await RendersAsync(quiet)).Should().BeLessThanOrEqualTo(quietBefore + 2,
            "the quiet queue's tile renders for its own refresh (every 5 s) only, not for its neighbour's changes");
    }

    private static async Task<int> RendersAsync(ILocator tile) =>
        int.Parse(await tile.GetAttributeAsync("data-renders") ?? "0", CultureInfo.InvariantCulture);
}
