using ControlRoom.Contracts.Boards;
using ControlRoom.Host.Boards;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>An admin sees the kiosk links in use and revokes one; the screen showing it goes dark.</summary>
public sealed class KioskRevocationTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private IBoardsGrain Boards => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0);

    [Fact]
    public async Task Admin_RevokesAKioskLinkInTheBoardsPage_AndTheOpenScreenGoesDark()
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("kr-1", "kr-q", DateTimeOffset.UtcNow));
        await Boards.SaveBoard(new BoardDefinition("kiosk-revoke", "Revoke me", ["kr-q"], BoardDensity.Normal));
        var (token, grant) = await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["kiosk-revoke"], "admin");
        var screen = await chromium.NewPageAsync(host.BaseAddress.ToString());
        await screen.GotoAsync("/" + KioskRotation.Link(["kiosk-revoke"], KioskRotation.MinSeconds, token));
        await Expect(screen.Tile("kr-q")).ToBeVisibleAsync(BrowserSession.Visible);
        var admin = await chromium.SignedInAsync(host, "admin", "/boards");
        var row = admin.Locator($"#kiosk-grants tr[data-grant='{grant.GrantId}']");
        await Expect(row).ToContainTextAsync("Revoke me", new() { Timeout = 15_000 });

        await row.Locator("button.revoke").ClickAsync();

        await Expect(admin.Locator("#kiosk-revoked")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(row).ToHaveCountAsync(0);
        (await Boards.GetKioskGrants()).Should().NotContain(g => g.GrantId == grant.GrantId);
        await Expect(screen.Locator(".kiosk-denied")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(screen.Tile("kr-q")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Viewer_SeesNoKioskLinks()
    {
        await Boards.SaveBoard(new BoardDefinition("kiosk-hidden", "Hidden", ["kh-q"], BoardDensity.Normal));
        await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["kiosk-hidden"], "admin");

        var page = await chromium.SignedInAsync(host, "viewer", "/boards");

        await Expect(page.Locator("h1")).ToBeVisibleAsync(BrowserSession.Visible);
        await Expect(page.Locator(".kiosk-links")).ToHaveCountAsync(0);
    }
}
