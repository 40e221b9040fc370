using ControlRoom.Contracts.Boards;
using ControlRoom.Host.Boards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>Named boards edited by an admin, and kiosk screens opened by a read-only token.</summary>
public sealed class NamedBoardTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private IBoardsGrain Boards => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0);

    /// <summary>An admin on /boards with the new-board form filled in, queues ticked in this order.</summary>
    private async Task<IPage> NewBoardFormAsync(string boardId, string name, params string[] queues)
    {
        var page = await chromium.SignedInAsync(host, "admin", "/boards");
        await page.Locator("#board-id").FillAsync(boardId);
        await page.Locator("#board-name").FillAsync(name);
        foreach (var queue in queues)
        {
            await page.Locator($"[data-queue-choice={queue}]").CheckAsync();
        }

        return page;
    }

    [Fact]
    public async Task Admin_CreatesABoardInTheUi_AndItShowsOnlyItsQueues()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("nb-1", "nb-mine", DateTimeOffset.UtcNow), Offered("nb-2", "nb-other", DateTimeOffset.UtcNow));
        var page = await NewBoardFormAsync("client-nb", "Client NB", "nb-mine");

        await page.Locator("#board-save").ClickAsync();
        await page.Locator("[data-board-item=client-nb] a").ClickAsync();

        await Expect(page.Locator("[data-board=client-nb] h1")).ToHaveTextAsync("Client NB", new() { Timeout = 15_000 });
        await Expect(page.Tile("nb-mine")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Tile("nb-other")).ToHaveCountAsync(0);
        (await Boards.GetBoard("client-nb"))!.QueueIds.Should().Equal("nb-mine");
    }

    [Fact]
    public async Task Admin_OrdersTheTiles_AndTheBoardShowsThemInThatOrder()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("ord-1", "ord-a", DateTimeOffset.UtcNow), Offered("ord-2", "ord-b", DateTimeOffset.UtcNow));
        var page = await NewBoardFormAsync("ordered", "Ordered", "ord-a", "ord-b");

        await page.Locator("#board-order [data-order-queue=ord-b] button.move-up").ClickAsync();
        await Expect(page.Locator("#board-order li").First).ToHaveAttributeAsync("data-order-queue", "ord-b");
        await page.Locator("#board-save").ClickAsync();
        await page.Locator("[data-board-item=ordered] a").ClickAsync();

        var tiles = page.Locator("[data-board=ordered] .tile");
        await Expect(tiles).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(tiles.First).ToHaveAttributeAsync("data-queue", "ord-b");
        await Expect(tiles.Nth(1)).ToHaveAttributeAsync("data-queue", "ord-a");
        (await Boards.GetBoard("ordered"))!.QueueIds.Should().Equal("ord-b", "ord-a");
    }

    [Fact]
    public async Task SixTiles_At1920x1080_NoFigureRunsOutOfItsPlace()
    {
        using var api = host.ApiClient();
        var now = DateTimeOffset.UtcNow;
        var queues = Enumerable.Range(1, 6).Select(i => $"fit-{i}").ToArray();
        var events = queues.Select((q, i) => Offered($"fit-c{i}", q, now.AddMinutes(-3))).ToList();
        events.AddRange(Enumerable.Range(1, 12).Select(i => AgentState($"fit-busy-{i}", "busy", now.AddMinutes(-1), queues)));
        events.AddRange(Enumerable.Range(1, 10).Select(i => AgentState($"fit-away-{i}", "away", now.AddMinutes(-1), queues)));
        await api.PostAcceptedAsync([.. events]);
        await Boards.SaveBoard(new BoardDefinition("fit", "Fit", queues, BoardDensity.Normal));

        var page = await chromium.SignedInAsync(host, "viewer", "/boards/fit");
        await Expect(page.Tile("fit-6").Locator(".agent-busy b")).ToHaveTextAsync("12", new() { Timeout = 15_000 });

        // Every figure and label stays inside its tile, and each agent count inside its own column.
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => {
              const bad = [];
              const tiles = [...document.querySelectorAll('[data-board=fit] .tile')];
              if (tiles.some(t => { const r = t.getBoundingClientRect(); return r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight; })) bad.push('a tile is outside the window');
              const inside = (el, box) => { const r = el.getBoundingClientRect(); return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; };
              for (const tile of tiles) {
                const box = tile.getBoundingClientRect();
                const tops = [...tile.querySelectorAll('.agents li')].map(li => Math.round(li.getBoundingClientRect().top));
                if (new Set(tops).size > 1) bad.push(tile.dataset.queue + ': agent counts wrap');
                for (const el of tile.querySelectorAll('.value, .label, h2, .agents b'))
                  if (!inside(el, box)) bad.push(tile.dataset.queue + ': ' + el.className + ' ' + el.textContent.trim());
                for (const li of tile.querySelectorAll('.agents li'))
                  if (!inside(li.querySelector('b'), li.getBoundingClientRect())) bad.push(tile.dataset.queue + ': ' + li.className);
              }
              return bad;
            }
            """);

        (await page.Locator("[data-board=fit] .tile").CountAsync()).Should().Be(6);
        overflowing.Should().BeEmpty();
    }

    [Fact]
    public async Task Viewer_SeesBoards_ButNoEditor()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/boards");

        await Expect(page.Locator("h1")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("#board-save")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Kiosk_RotatesThroughItsBoards_WithoutAnyLogin()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("ki-1", "ki-a", DateTimeOffset.UtcNow), Offered("ki-2", "ki-b", DateTimeOffset.UtcNow));
        await Boards.SaveBoard(new BoardDefinition("kiosk-a", "Kiosk A", ["ki-a"], BoardDensity.Large));
        await Boards.SaveBoard(new BoardDefinition("kiosk-b", "Kiosk B", ["ki-b"], BoardDensity.Large));
        var (token, _) = await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["kiosk-a", "kiosk-b"], "test");
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());

        await page.GotoAsync("/" + KioskRotation.Link(["kiosk-a", "kiosk-b"], KioskRotation.MinSeconds, token));

        await ShowsOnlyAsync(page, "kiosk-a", "ki-a", "ki-b");
        await Expect(page.Locator(".topbar")).ToHaveCountAsync(0);
        await ShowsOnlyAsync(page, "kiosk-b", "ki-b", "ki-a");
        await ShowsOnlyAsync(page, "kiosk-a", "ki-a", "ki-b");
    }

    /// <summary>
    /// Waits for one screen that shows the board with its tile and without the other board's. Checked as one state:
    /// the rotation turns every 2 s, and on a loaded CI machine separate expectations straddled a turn.
    /// </summary>
    private static Task ShowsOnlyAsync(IPage page, string board, string tile, string otherTile) =>
        page.WaitForFunctionAsync(
            """
            ([board, tile, other]) =>
              document.querySelector(`[data-kiosk-board="${board}"]`)?.checkVisibility() === true
              && document.querySelector(`.tile[data-queue="${tile}"]`)?.checkVisibility() === true
              && document.querySelector(`.tile[data-queue="${other}"]`) === null
            """,
            new[] { board, tile, otherTile },
            new() { Timeout = BrowserSession.Visible.Timeout });

    [Fact]
    public async Task Kiosk_SpeaksTheBrowsersLanguage_OnceLive()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("ki-it-1", "ki-it", DateTimeOffset.UtcNow));
        await Boards.SaveBoard(new BoardDefinition("kiosk-it", "Italia", ["ki-it"], BoardDensity.Normal));
        var (token, _) = await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["kiosk-it"], "test");
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString(), "it-IT");

        await page.GotoAsync("/" + KioskRotation.Link(["kiosk-it"], 20, token));
        await page.WaitForLiveAsync();

        await Expect(page.Tile("ki-it").Locator(".waiting .label")).ToHaveTextAsync("In attesa");
        await Expect(page.Locator(".sound-toggle")).ToContainTextAsync("Suono disattivato");
    }

    [Fact]
    public async Task Kiosk_RefusesBoardsItsTokenDoesNotName()
    {
        await Boards.SaveBoard(new BoardDefinition("kiosk-open", "Open", ["ki-open"], BoardDensity.Normal));
        await Boards.SaveBoard(new BoardDefinition("kiosk-secret", "Secret", ["ki-secret"], BoardDensity.Normal));
        var (token, _) = await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["kiosk-open"], "test");
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());

        await page.GotoAsync("/" + KioskRotation.Link(["kiosk-open", "kiosk-secret"], 20, token));

        await Expect(page.Locator(".kiosk-denied")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("[data-board]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Kiosk_WithAForgedToken_ShowsNothing()
    {
        await Boards.SaveBoard(new BoardDefinition("kiosk-forged", "Forged", ["ki-forged"], BoardDensity.Normal));
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());

        await page.GotoAsync("/" + KioskRotation.Link(["kiosk-forged"], 20, "not-a-token-but-long-enough"));

        await Expect(page.Locator(".kiosk-denied")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator("[data-board]")).ToHaveCountAsync(0);
    }
}
