using Microsoft.Playwright;
using Xunit;

namespace ControlRoom.Testing;

/// <summary>
/// Debian's chromium driven by Playwright; no browser is downloaded. One browser per fixture, a fresh context per test.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException("chromium is not installed: run 'bash tests/run.sh' (it installs the Debian package) or 'sudo apt-get install chromium'.");
        }

        // An expectation returns as soon as it holds; its deadline only decides how long a failing one waits. Playwright's
        // 5 s was short for a pushed change on CI's two shared cores (see NewPageAsync); a screen that never changes
        // still fails, 15 s later.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page in a fresh context: a 1920×1080 wall unless told otherwise, in the machine's time zone unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, string locale = "en-GB", int width = 1920, int height = 1080, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
        });

        // CI runs two test projects at once on two cores, both sometimes driving Chromium and a host: a sign-in's
        // navigation can take longer than Playwright's 30-s default there. Deadlines at the outermost edge only.
        context.SetDefaultNavigationTimeout(90_000);
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
