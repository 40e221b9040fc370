using System.Text.RegularExpressions;

namespace ControlRoom.Browser.Tests;

/// <summary>What every browser test does first: a fresh context, signed in through the real login form.</summary>
public static partial class BrowserSession
{
    /// <summary>
    /// Generous: the first page of a fresh host compiles and starts a circuit, and CI runs the test projects side by
    /// side on two cores (a sign-in once took over 15 s there); expectations still return as soon as they hold.
    /// </summary>
    public static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    public static async Task<IPage> SignedInAsync(this Chromium chromium, ControlRoomHost host, string user = "viewer", string path = "/", string locale = "en-GB",
        int width = 1920, int height = 1080, string? timeZone = null)
    {
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString(), locale, width, height, timeZone);
        await page.GotoAsync(path);
        await page.Locator("#userName").FillAsync(user);
        await page.Locator("#password").FillAsync(ControlRoomHost.DevelopmentPassword);
        await page.Locator("form button[type=submit]").ClickAsync();
        try
        {
            // The address only: WaitForURL would also wait for the next page's load event, which says nothing about sign-in.
            await Assertions.Expect(page).Not.ToHaveURLAsync(SignInPage(), new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            // Say where the sign-in stopped (a refused sign-in, an error page), not only that it timed out.
            var body = await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 });
            throw new TimeoutException($"Sign-in as {user} did not leave the sign-in page; at {page.Url}: {body[..Math.Min(body.Length, 300)]}", ex);
        }

        await page.WaitForInteractiveAsync();
        return page;
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex SignInPage();

    /// <summary>
    /// How long a page may take to start its circuit: on CI the browser suite shares two cores with the kill-a-host
    /// suite, and a 30-queue board once needed more than 30 s there. Waits end as soon as the page is up.
    /// </summary>
    private const int CircuitStart = 60_000;

    /// <summary>Waits until the interactive circuit is up and the board registered its heartbeat.</summary>
    public static Task WaitForLiveAsync(this IPage page) =>
        page.WaitForFunctionAsync("() => window.controlroom && document.querySelector('[data-board]') && window.controlroom.isLive()", null, new() { Timeout = CircuitStart });

    /// <summary>Waits until the circuit is up: before that, the page is a prerendered copy that ignores input.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = CircuitStart });

    public static ILocator Tile(this IPage page, string queueId) => page.Locator($".tile[data-queue=\"{queueId}\"]");

    /// <summary>Waits until the board has laid itself out for the browser's window (not the size assumed while prerendering).</summary>
    public static Task WaitForWallAsync(this IPage page) =>
        page.Locator("[data-board][data-measured=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = CircuitStart });
}
