using System.Globalization;
using ControlRoom.Contracts.Boards;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Reports;

/// <summary>A Kestrel host with one shift, "early" (UTC), that ended at the last whole minute, and contacts in it on a board's queue.</summary>
public sealed class ReportPageHost : KestrelControlRoomHost
{
    public DateTimeOffset ShiftEnd { get; } = new(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, DateTimeOffset.UtcNow.Day,
        DateTimeOffset.UtcNow.Hour, DateTimeOffset.UtcNow.Minute, 0, TimeSpan.Zero);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Reports:Shifts:0:Name", "early"),
        new("Reports:Shifts:0:Start", ShiftEnd.AddHours(-2).ToString("HH:mm", CultureInfo.InvariantCulture)),
        new("Reports:Shifts:0:End", ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture)),
        new("Reports:Shifts:0:TimeZone", "UTC"),
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0)
            .SaveBoard(new BoardDefinition("pg-board", "Client PG", ["pg-a"], BoardDensity.Normal));
        using var api = ApiClient();
        var t = ShiftEnd.AddMinutes(-50);
        await api.PostAcceptedAsync(
            Offered("pg-1", "pg-a", t), Answered("pg-1", "ag-1", t.AddSeconds(10)),
            Offered("pg-2", "pg-a", t.AddMinutes(1)), Answered("pg-2", "ag-2", t.AddMinutes(1).AddSeconds(30)),
            Offered("pg-3", "pg-a", t.AddMinutes(2)), Abandoned("pg-3", t.AddMinutes(2).AddSeconds(40)));
    }
}

/// <summary>The end-of-shift report page in a real browser: figures per board and queue, Italian, and the print layout.</summary>
public sealed class ReportPageTests(ReportPageHost host, Chromium chromium) : IClassFixture<ReportPageHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task LastEndedShift_ShowsEachBoardAndQueue_WithTheShiftsFigures()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/reports?shift=early");

        var board = page.Locator(".report-board[data-board-id=pg-board]");
        await Expect(board).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(board.Locator("h2")).ToHaveTextAsync("Client PG");
        await Expect(board.Locator("td[data-figure=Report_Offered]")).ToHaveTextAsync("3");
        await Expect(board.Locator("td[data-figure=Report_Answered]")).ToHaveTextAsync("2");
        await Expect(board.Locator("td[data-figure=Report_ServiceLevel]")).ToHaveTextAsync("33%");
        await Expect(page.Locator("#report-queues tr[data-queue=pg-a]")).ToContainTextAsync("3");
        await Expect(page.Locator("a[download]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("format=csv"));
    }

    [Fact]
    public async Task InItalian_AndPrinted_OnlyTheReportRemains()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/reports?shift=early", locale: "it-IT");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Report di fine turno", new() { Timeout = 30_000 });
        await Expect(page.Locator(".report-board[data-board-id=pg-board] th").Nth(3)).ToHaveTextAsync("Livello di servizio");

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Expect(page.Locator(".reports .filters")).ToBeHiddenAsync();
        await Expect(page.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(page.Locator(".report-board[data-board-id=pg-board]")).ToBeVisibleAsync();
        (await page.Locator(".report-board").First.EvaluateAsync<string>("e => getComputedStyle(e).breakAfter")).Should().Be("page");
    }
}
