using System.Text.Json;
using ControlRoom.Contracts.Boards;
using ControlRoom.Contracts.Grains;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>The host of the wall tests: pages turn every 2 s, so paging is seen without waiting for the default 15 s.</summary>
public sealed class FastPagingHost : KestrelControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("ControlRoom:Board:PageSeconds", "2")];

    /// <summary>A named board of <paramref name="count"/> queues that all had a contact, answered at once (no breach, no banner).</summary>
    public async Task<IReadOnlyList<string>> BoardAsync(string boardId, int count)
    {
        var queues = Enumerable.Range(1, count).Select(i => $"{boardId}-q{i:00}").ToList();
        using var api = ApiClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await api.PostAcceptedAsync([.. queues.SelectMany(q => new[] { Offered($"{q}-c1", q, at), Answered($"{q}-c1", $"{boardId}-agent", at.AddSeconds(3)) })]);
        await Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0).SaveBoard(new BoardDefinition(boardId, boardId, queues, BoardDensity.Normal));
        return queues;
    }
}

/// <summary>
/// A board fits its screen, whatever the screen and the number of queues: every tile inside the window, figures
/// readable from afar, nothing cut, and pages that turn by themselves when the queues do not fit.
/// </summary>
public sealed class WallBoardTests(FastPagingHost host, Chromium chromium) : IClassFixture<FastPagingHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task TwelveQueues_OnAFullHdWall_FitOnOnePage_InsideTheWindow_WithFiguresReadableFromFiveMetres()
    {
        await host.BoardAsync("wall12", 12);

        var page = await OpenAsync("/boards/wall12", 1920, 1080);

        await Expect(page.Locator(".tile")).ToHaveCountAsync(12, new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-board]")).ToHaveAttributeAsync("data-pages", "1");
        var boxes = await TilesAsync(page);
        boxes.Should().HaveCount(12).And.OnlyContain(b => b.Inside(1920, 1080));
        boxes.Should().OnlyContain(b => b.Fits, "every figure of a tile shows inside it");
        boxes.Should().OnlyContain(b => b.MainFigurePx >= 48, "main figures read from 5 m");
        boxes.Should().OnlyContain(b => b.AgentCountPx >= 30, "agent counts read from 5 m too");
        await Expect(page.Locator(".page-indicator")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TwelveQueues_OnALaptop_ShowAtLeastSix_AndTurnTheirPagesThemselves()
    {
        var queues = await host.BoardAsync("wall12l", 12);

        var page = await OpenAsync("/boards/wall12l", 1366, 768);

        // Pages turn every 2 s, so a page's tiles are read in the same instant as its indicator: on a loaded machine
        // the page may turn again between two separate reads.
        var first = await TilesAsync(page, "Page 1/2");
        first.Should().HaveCountGreaterThanOrEqualTo(6).And.OnlyContain(b => b.Inside(1366, 768)).And.OnlyContain(b => b.Fits);

        var second = await TilesAsync(page, "Page 2/2");
        second.Should().OnlyContain(b => b.Inside(1366, 768));
        first.Select(b => b.Queue).Concat(second.Select(b => b.Queue)).Should().BeEquivalentTo(queues, "the two pages show every queue once");
    }

    [Fact]
    public async Task SixQueues_OnALaptop_FitOnOnePage()
    {
        await host.BoardAsync("wall6", 6);

        var page = await OpenAsync("/boards/wall6", 1366, 768);

        await Expect(page.Locator(".tile")).ToHaveCountAsync(6, new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-board]")).ToHaveAttributeAsync("data-pages", "1");
        (await TilesAsync(page)).Should().OnlyContain(b => b.Inside(1366, 768) && b.Fits && b.MainFigurePx >= 48);
    }

    [Fact]
    public async Task TwoQueues_UseTheWidthOfTheWall_AndKeepTheChart()
    {
        await host.BoardAsync("wall2", 2);

        var page = await OpenAsync("/boards/wall2", 1920, 1080);

        await Expect(page.Locator(".tile")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        (await TilesAsync(page)).Should().OnlyContain(b => b.Width >= 900 && b.Inside(1920, 1080));
        await Expect(page.Locator("[data-chart=board-waiting] .apexcharts-canvas")).ToBeVisibleAsync(BrowserSession.Visible);
    }

    [Fact]
    public async Task ThirtyQueues_RenderOnlyThePageOnScreen()
    {
        await host.BoardAsync("wall30", 30);

        var page = await OpenAsync("/boards/wall30", 1920, 1080);

        await Expect(page.Locator(".page-indicator")).ToHaveTextAsync("Page 1/3", new() { Timeout = 15_000 });
        await Expect(page.Locator(".tile")).ToHaveCountAsync(10);
        await Expect(page.Locator(".page-indicator")).ToHaveTextAsync("Page 2/3", new() { Timeout = 15_000 });
        await Expect(page.Locator(".tile")).ToHaveCountAsync(10);
        (await TilesAsync(page)).Should().OnlyContain(b => b.Inside(1920, 1080));
    }

    [Fact]
    public async Task ItalianLabels_AreNeverCut_OnALaptop()
    {
        await host.BoardAsync("wall6it", 6);

        var page = await OpenAsync("/boards/wall6it", 1366, 768, "it-IT");

        await Expect(page.Locator(".tile").First.Locator(".agent-wrapup small")).ToHaveTextAsync("post-chiamata", new() { Timeout = 15_000 });
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.tile .label, .tile dt, .tile small, .tile .status-text, .tile h2')]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)
            """);
        cut.Should().BeEmpty();
    }

    [Fact]
    public async Task QueueColour_IsTheSameOnTheBoardAndOnTheQueuePage()
    {
        var queues = await host.BoardAsync("wallcol", 2);
        var page = await OpenAsync("/boards/wallcol", 1920, 1080);
        var onBoard = await page.Tile(queues[0]).GetAttributeAsync("style");

        await page.GotoAsync($"/queues/{queues[0]}");
        var onPage = await page.Locator("[data-queue-page]").GetAttributeAsync("style");

        onBoard.Should().Contain("--queue-colour: #");
        onPage.Should().Be(onBoard);
    }

    private async Task<IPage> OpenAsync(string path, int width, int height, string locale = "en-GB")
    {
        var page = await chromium.SignedInAsync(host, "viewer", path, locale, width, height);
        await page.WaitForWallAsync();
        return page;
    }

    private const string ReadTiles = """
        () => [...document.querySelectorAll('.tile')].map(t => {
          const r = t.getBoundingClientRect(), inner = t.querySelector('.tile-in');
          const px = sel => parseFloat(getComputedStyle(t.querySelector(sel)).fontSize);
          return { queue: t.dataset.queue, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                   fits: inner.scrollHeight <= inner.clientHeight + 1 && inner.scrollWidth <= inner.clientWidth + 1,
                   main: px('.big .value'), agents: px('.agents b') };
        })
        """;

    /// <summary>Every tile on screen: its box, whether its content fits inside it, and the size of its figures.</summary>
    private static async Task<IReadOnlyList<TileBox>> TilesAsync(IPage page) =>
        Boxes(await page.EvaluateAsync<JsonElement>(ReadTiles));

    /// <summary>The tiles of one page, read in the same script run that sees <paramref name="indicator"/> on screen.</summary>
    private static async Task<IReadOnlyList<TileBox>> TilesAsync(IPage page, string indicator)
    {
        var handle = await page.WaitForFunctionAsync(
            $"indicator => document.querySelector('.page-indicator')?.textContent?.trim() === indicator && ({ReadTiles})()",
            indicator, new() { Timeout = 15_000 });
        return Boxes(await handle.JsonValueAsync<JsonElement>());
    }

    private static IReadOnlyList<TileBox> Boxes(JsonElement json) =>
        [.. json.EnumerateArray().Select(t => new TileBox(
            t.GetProperty("queue").GetString()!, t.GetProperty("left").GetDouble(), t.GetProperty("top").GetDouble(),
            t.GetProperty("right").GetDouble(), t.GetProperty("bottom").GetDouble(), t.GetProperty("fits").GetBoolean(),
            t.GetProperty("main").GetDouble(), t.GetProperty("agents").GetDouble()))];

    private sealed record TileBox(string Queue, double Left, double Top, double Right, double Bottom, bool Fits, double MainFigurePx, double AgentCountPx)
    {
        public double Width => Right - Left;

        public bool Inside(int width, int height) => Left >= 0 && Top >= 0 && Right <= width && Bottom <= height;
    }
}
