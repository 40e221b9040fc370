using System.Collections.Concurrent;
using ControlRoom.Contracts.Boards;
using ControlRoom.Host.Boards;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Security;

/// <summary>
/// Issue 14 item 5: the Content-Security-Policy (no inline scripts, no eval) lets every page work — the Blazor
/// circuit over its WebSocket, the ApexCharts charts, the grain dashboard — and Chromium reports no violation on any.
/// </summary>
public sealed class ContentSecurityPolicyTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    /// <summary>Runs before any page script and is not itself subject to the policy (Playwright injects it).</summary>
    private const string RecordViolations =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + (e.sourceFile || e.documentURI) + ':' + e.lineNumber));";

    [Fact]
    public async Task EveryPage_WorksUnderThePolicy_WithoutAViolation()
    {
        // Arrange: a queue with contacts (so the charts draw), a board, a kiosk link.
        var now = DateTimeOffset.UtcNow;
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(
            Offered("csp-1", "csp-queue", now.AddMinutes(-20)), Answered("csp-1", "csp-agent", now.AddMinutes(-19)),
            Offered("csp-2", "csp-queue", now.AddSeconds(-30)), AgentState("csp-agent", "busy", now.AddMinutes(-19), "csp-queue"));
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0)
            .SaveBoard(new BoardDefinition("csp-board", "CSP board", ["csp-queue"], BoardDensity.Normal));
        var (token, _) = await host.Services.GetRequiredService<KioskTokens>().IssueAsync(["csp-board"], "admin");
        var violations = new ConcurrentBag<string>();

        // Act and assert, page by page: each is usable (interactive, charts drawn) and reported nothing.
        var signIn = await chromium.NewPageAsync(host.BaseAddress.ToString());
        await Watch(signIn, violations);
        await signIn.GotoAsync("/account/login");
        await Expect(signIn.Locator("#userName")).ToBeVisibleAsync(BrowserSession.Visible);
        await Check(signIn, "/account/login", violations);

        var admin = await chromium.SignedInAsync(host, "admin", "/");
        await Watch(admin, violations);
        var pages = new (string Path, string Ready)[]
        {
            ("/", "[data-chart=board-waiting] .apexcharts-canvas"),
            ("/queues/csp-queue", "[data-chart=queue-sl] .apexcharts-canvas"),
            ("/boards", "h1"),
            ("/boards/csp-board", ".tile[data-queue=\"csp-queue\"]"),
            ("/agents", "[data-agent=csp-agent]"),
            ("/alerts", "h1"),
            ("/planner", "#calculate"),
        };
        foreach (var (path, ready) in pages)
        {
            await admin.GotoAsync(path);
            await admin.WaitForInteractiveAsync();
            await Expect(admin.Locator(ready).First).ToBeVisibleAsync(BrowserSession.Visible);
            await Check(admin, path, violations);
        }

        // The calculator answers over the circuit: input reaches the server and the result comes back.
        await admin.Locator("#calculate").ClickAsync();
        await Expect(admin.Locator("#calc-result, #calc-errors").First).ToBeVisibleAsync(BrowserSession.Visible);
        await Check(admin, "/planner (calculator)", violations);

        await admin.GotoAsync("/dashboard/");
        await Expect(admin.Locator(".app-wrapper")).ToBeVisibleAsync(BrowserSession.Visible);
        await admin.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 30_000 });
        await Check(admin, "/dashboard/", violations);

        var kiosk = await chromium.NewPageAsync(host.BaseAddress.ToString());
        await Watch(kiosk, violations);
        await kiosk.GotoAsync("/" + KioskRotation.Link(["csp-board"], KioskRotation.MinSeconds, token));
        await Expect(kiosk.Tile("csp-queue")).ToBeVisibleAsync(BrowserSession.Visible);
        await Check(kiosk, "/kiosk", violations);

        violations.Should().BeEmpty("no page may need more than the policy allows");
    }

    /// <summary>Records violations from the next navigation on, both as events and as Chromium's console messages.</summary>
    private static async Task Watch(IPage page, ConcurrentBag<string> violations)
    {
        await page.Context.AddInitScriptAsync(RecordViolations);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: console: {message.Text}");
            }
        };
    }

    private static async Task Check(IPage page, string what, ConcurrentBag<string> violations)
    {
        var reported = await page.EvaluateAsync<string[]?>("() => window.__csp || null");
        reported.Should().NotBeNull($"the violation recorder must be running on {what}");
        foreach (var violation in reported!)
        {
            violations.Add($"{what}: {violation}");
        }
    }
}
