using System.Diagnostics;
using System.Globalization;
using ControlRoom.Benchmarks;
using ControlRoom.Testing;
using Microsoft.Playwright;
using static ControlRoom.Testing.ContractEvents;

// Usage: dotnet run --project tests/ControlRoom.Benchmarks -- screenshots [outDir] | latency [samples]
//        | board-scale [--queues 1000] [--agents 10000] [--seconds 60] [--rate 200]
//        | live-load [--queues 1000] [--agents 10000] [--clients 200] [--rate 5000] [--seconds 30]
//        | day-memory [--queues 1000] [--agents 10000] [--contacts 600000] [--batch 5000] [--rate 0]
//        (the last three publish the host first; --published FOLDER runs one published beforehand)
var command = args.FirstOrDefault() ?? "latency";
if (command is "board-scale" or "live-load" or "day-memory")
{
    // Its own host process (published, Release), so that the CPU measured is the host's alone.
    return command switch
    {
        "board-scale" => await BoardScale.RunAsync(args[1..]),
        "live-load" => await LiveLoad.RunAsync(args[1..]),
        _ => await DayMemory.RunAsync(args[1..]),
    };
}

// Test projects get the host's content root from a manifest the test SDK writes; a tool names it itself.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTROLROOM_HOST", Path.Combine(RepositoryPaths.Root, "src", "ControlRoom.Host"));
if (command == "screenshots")
{
    // A shift that ended an hour ago, within the day the pictures play, so the report page has one to show.
    var now = DateTimeOffset.UtcNow;
    Environment.SetEnvironmentVariable("Reports__Shifts__0__Name", "day");
    Environment.SetEnvironmentVariable("Reports__Shifts__0__Start", now.AddHours(-5).ToString("HH:00", CultureInfo.InvariantCulture));
    Environment.SetEnvironmentVariable("Reports__Shifts__0__End", now.AddHours(-1).ToString("HH:00", CultureInfo.InvariantCulture));
    Environment.SetEnvironmentVariable("Reports__Shifts__0__TimeZone", "UTC");
}

await using var host = new KestrelControlRoomHost();
await host.InitializeAsync();
await using var chromium = new ChromiumSession();
await chromium.Fixture.InitializeAsync();

return command switch
{
    "screenshots" => await Screenshots(args.ElementAtOrDefault(1) ?? Path.Combine(RepositoryPaths.Root, "docs")),
    "latency" => await Latency(int.Parse(args.ElementAtOrDefault(1) ?? "30", CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static IEnumerable<System.Text.Json.Nodes.JsonObject> Surge(string queue, DateTimeOffset now, int calls)
{
    var start = now.AddMinutes(-30);
    for (var i = 0; i < calls; i++)
    {
        var id = $"surge-{queue}-{i}";
        var offered = start.AddSeconds(i * 1800.0 / calls);
        yield return Offered(id, queue, offered);
        yield return Answered(id, $"agent-{(i % 40) + 1:00}", offered.AddSeconds(8));
        if (offered.AddSeconds(308) < now)
        {
            yield return Ended(id, offered.AddSeconds(308));
        }
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: ControlRoom.Benchmarks screenshots [outDir] | latency [samples] | board-scale [--queues N] [--agents N] [--seconds N] [--rate N] | live-load [--queues N] [--agents N] [--clients N] [--rate N] [--seconds N] | day-memory [--queues N] [--agents N] [--contacts N] [--batch N] [--rate N]; the last three also [--published FOLDER]");
    return 2;
}

async Task<int> Screenshots(string outDir)
{
    Directory.CreateDirectory(outDir);
    var now = DateTimeOffset.UtcNow;
    var day = new RealisticDay(now);
    using var api = host.ApiClient();
    await RealisticDay.PostAsync(api, day.AgentShifts(TimeSpan.FromHours(6)));
    await RealisticDay.PostAsync(api, day.Agents());
    await RealisticDay.PostAsync(api, day.History(TimeSpan.FromHours(6)));
    await RealisticDay.PostAsync(api, day.WaitingNow());

    var page = await chromium.Fixture.NewPageAsync(host.BaseAddress.ToString());
    await SignIn(page, "admin", "/");
    await page.Locator(".tile[data-queue=email-claims]").WaitForAsync();
    await page.Locator(".banner-critical").First.WaitForAsync(new() { Timeout = 30_000 });
    await page.Locator("[data-chart=board-waiting] .apexcharts-canvas").WaitForAsync();
    await page.WaitForTimeoutAsync(1500); // let the chart animation settle before the picture (a tool, not a test)
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "board.png") });

    await page.GotoAsync("/queues/billing");
    await page.Locator("[data-chart=queue-volumes] .apexcharts-canvas").WaitForAsync();
    await page.WaitForTimeoutAsync(1500);
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "queue.png") });

    await page.GotoAsync("/agents");
    await page.Locator("[data-agent=agent-01]").WaitForAsync();
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "agents.png") });

    await page.GotoAsync("/alerts");
    var alert = page.Locator("article.alert").First;
    await alert.WaitForAsync(new() { Timeout = 30_000 });
    await alert.Locator("button.details").ClickAsync();
    await alert.Locator("ol.timeline li").First.WaitForAsync();
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "alerts.png") });

    await page.GotoAsync("/callbacks");
    await page.Locator("section.callbacks[data-live=true] tr[data-interaction-id]").First.WaitForAsync(new() { Timeout = 30_000 });
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "callbacks.png") });

    await page.GotoAsync("/reports");
    await page.Locator("section.reports[data-live=true] [data-testid=report-queues]").WaitForAsync(new() { Timeout = 30_000 });
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "reports.png"), FullPage = true });

    // A surge on tech-support over the last half hour (60 calls of 5 minutes), so the planner picture has a
    // queue short of agents and a move that helps it.
    await RealisticDay.PostAsync(api, Surge("tech-support", DateTimeOffset.UtcNow, 60));
    await page.GotoAsync("/planner");
    await page.Locator("h1[data-interactive=true]").WaitForAsync();
    await page.Locator("#gap-table").WaitForAsync();
    var candidate = page.Locator("#recommendations button.use-candidate").First;
    if (await page.Locator("#recommendations button.use-candidate").CountAsync() > 1)
    {
        // Two of the idle agents with the skill: each button fills the form with one of them.
        await candidate.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#move-agents').value !== ''");
        var first = await page.InputValueAsync("#move-agents");
        await page.Locator("#recommendations button.use-candidate").Nth(1).ClickAsync();
        await page.WaitForFunctionAsync("first => document.querySelector('#move-agents').value !== first", first);
        var second = await page.InputValueAsync("#move-agents");
        await page.FillAsync("#move-agents", $"{first}, {second}");
    }
    else if (await candidate.CountAsync() > 0)
    {
        await candidate.ClickAsync();
    }
    else
    {
        // agent-06 is available and serves billing and sales (RealisticDay's multiskill pattern).
        await page.FillAsync("#move-agents", "agent-06");
        await page.FillAsync("#move-add", "tech-support");
        await page.FillAsync("#move-remove", "sales");
    }

    await page.FillAsync("#move-reason", "surge on tech support");
    await page.ClickAsync("#what-if");
    await page.Locator("#what-if-table").WaitForAsync();
    await page.ScreenshotAsync(new() { Path = Path.Combine(outDir, "planner.png"), FullPage = true });

    var boards = host.Services.GetService(typeof(IGrainFactory)) is IGrainFactory grains ? grains.GetGrain<ControlRoom.Contracts.Boards.IBoardsGrain>(0) : throw new InvalidOperationException("no grain factory");
    await boards.SaveBoard(new("voice", "Voice queues", ["billing", "tech-support", "sales", "vip-care"], ControlRoom.Contracts.Boards.BoardDensity.Large));
    var tokens = (ControlRoom.Host.Boards.KioskTokens)host.Services.GetService(typeof(ControlRoom.Host.Boards.KioskTokens))!;
    var (token, _) = await tokens.IssueAsync(["voice"], "screenshots");
    var kiosk = await chromium.Fixture.NewPageAsync(host.BaseAddress.ToString(), "it-IT");
    await kiosk.GotoAsync("/" + ControlRoom.Host.Boards.KioskRotation.Link(["voice"], 20, token));
    await kiosk.Locator(".tile[data-queue=billing]").WaitForAsync();
    await kiosk.WaitForTimeoutAsync(1500);
    await kiosk.ScreenshotAsync(new() { Path = Path.Combine(outDir, "kiosk.png") });
    Console.WriteLine($"Screenshots written to {outDir}");
    return 0;
}

async Task<int> Latency(int samples)
{
    using var api = host.ApiClient();
    const string queue = "latency";
    await api.PostAcceptedAsync(Offered("lat-0", queue, DateTimeOffset.UtcNow));
    var page = await chromium.Fixture.NewPageAsync(host.BaseAddress.ToString());
    await SignIn(page, "viewer", "/");
    var value = page.Locator($".tile[data-queue={queue}] .waiting .value");
    await value.WaitForAsync();
    await page.WaitForFunctionAsync("() => window.controlroom.isLive()");

    // The browser stamps the moment the tile shows each new figure (wall clock, same machine as this process).
    await page.EvaluateAsync("""
        sel => {
          window.__seen = {};
          const el = document.querySelector(sel);
          new MutationObserver(() => { window.__seen[el.textContent] ??= Date.now(); })
            .observe(el, { characterData: true, childList: true, subtree: true });
        }
        """, $".tile[data-queue={queue}] .waiting .value");

    var latencies = new List<double>();
    for (var i = 1; i <= samples; i++)
    {
        var expected = (i + 1).ToString(CultureInfo.InvariantCulture);
        var posted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await api.PostAcceptedAsync(Offered($"lat-{i}", queue, DateTimeOffset.UtcNow));
        var shown = await page.WaitForFunctionAsync($"() => window.__seen['{expected}']", null, new() { Timeout = 10_000 });
        latencies.Add(await shown.JsonValueAsync<double>() - posted);
        await page.WaitForTimeoutAsync(300); // space the samples out so each is one event, not a coalesced burst
    }

    latencies.Sort();
    var p50 = latencies[latencies.Count / 2];
    var p90 = latencies[(int)(latencies.Count * 0.9)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"event-to-screen over {samples} samples: p50 {p50:0} ms, p90 {p90:0} ms, worst {latencies[^1]:0} ms, best {latencies[0]:0} ms"));
    return 0;
}

static async Task SignIn(IPage page, string user, string path)
{
    await page.GotoAsync(path);
    await page.Locator("#userName").FillAsync(user);
    await page.Locator("#password").FillAsync(ControlRoomHost.DevelopmentPassword);
    await page.Locator("form button[type=submit]").ClickAsync();
    await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
}

/// <summary>The test fixture's Chromium, disposed with the tool.</summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    public Chromium Fixture { get; } = new();

    public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
}
