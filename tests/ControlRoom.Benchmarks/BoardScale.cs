using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlRoom.Testing;
using Microsoft.Playwright;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Benchmarks;

/// <summary>
/// The board at scale (issue 15): a published host in its own process, filled through the real ingest with a room of
/// N queues and M agents; then the all-queues board opened in Chromium (time to a screenful of tiles and a live
/// page) and the agents view, while the host's CPU is sampled from /proc: idle, with the board open, and with the
/// board open under a trickle of contacts. Prints a Markdown table for docs/performance.md.
/// </summary>
public static class BoardScale
{
    private const string Key = ControlRoomHost.DevelopmentKey;

    public static Task<int> RunAsync(string[] args) =>
        WithOwnHostAsync("board-scale", args, (host, http, _) => MeasureAsync(host, http,
            Option(args, "--queues", 1000), Option(args, "--agents", 10_000), Option(args, "--seconds", 60), Option(args, "--rate", 200)));

    /// <summary>
    /// Runs a measurement against the host published in Release and started in its own process on a fresh data folder
    /// (so the CPU measured is the host's alone), with an API client once it answers; stops it and deletes the folder.
    /// <c>--published FOLDER</c> runs a host published beforehand instead, so two builds can be measured in turn.
    /// </summary>
    internal static async Task<int> WithOwnHostAsync(string name, string[] args, Func<Process, HttpClient, string, Task<int>> measure)
    {
        var publish = TextOption(args, "--published") ?? await PublishAsync();
        await Step("let the machine settle (load average under 1, at most 90 s)", SettleAsync);
        var port = FreePort.Next();
        var data = Path.Combine(Path.GetTempPath(), $"controlroom-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        using var host = LoadToolHost.Start(publish, port, data);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            await LoadToolHost.WaitUpAsync(http);
            return await measure(host, http, data);
        }
        finally
        {
            LoadToolHost.Stop(host);
            await host.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(Process host, HttpClient http, int queues, int agents, int seconds, int rate)
    {
        var url = http.BaseAddress!.ToString();
        var results = new List<(string What, string Figure)>();

        var fill = Stopwatch.StartNew();
        var room = Room(queues, agents).ToList();
        foreach (var batch in room.Chunk(1_000))
        {
            // Event ids are stable: a batch that timed out while being applied counts as duplicates when sent again.
            await Eventually.UntilAsync(() => TryPostAsync(http, batch), ok => ok, "a batch of the room accepted", TimeSpan.FromMinutes(5));
        }

        await Eventually.UntilAsync(() => QueueCountAsync(http), n => n >= queues, $"{queues} queues listed", TimeSpan.FromMinutes(5));
        results.Add(($"fill: {room.Count:N0} events ({queues:N0} queues, {agents:N0} agents' first presence) through POST /api/events until every queue is listed", $"{fill.Elapsed.TotalSeconds:0.0} s"));
        await Task.Delay(TimeSpan.FromSeconds(15)); // let the first wave of pushes and saves pass before sampling

        results.Add(("host CPU, room idle, no screen open", Cpu(await SampleAsync(host, seconds / 2))));
        results.Add(("machine load average (1 min) while measuring: the two cores are shared", Load()));

        await using var chromium = new ChromiumSession();
        await chromium.Fixture.InitializeAsync();
        var page = await chromium.Fixture.NewPageAsync(url);
        await SignInAsync(page);
        var board = Stopwatch.StartNew();
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
        var loaded = board.Elapsed;
        await page.Locator("[data-board][data-measured=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        var perPage = int.Parse(await page.Locator("[data-board]").GetAttributeAsync("data-per-page") ?? "0", CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.tile').length === n && window.controlroom.isLive()", perPage, new() { Timeout = 120_000 });
        var screenful = board.Elapsed;
        var pages = await page.Locator("[data-board]").GetAttributeAsync("data-pages");
        var tiles = await page.Locator(".tile").CountAsync();
        results.Add(($"the board `/` in Chromium 1920×1080: page loaded (load event)", $"{loaded.TotalSeconds:0.00} s"));
        results.Add(($"the board: a screenful of tiles ({perPage} of {queues:N0}, page 1/{pages}) laid out and live", $"{screenful.TotalSeconds:0.00} s"));
        results.Add(("tiles in the page's DOM", tiles.ToString(CultureInfo.InvariantCulture)));

        results.Add(("host CPU, room idle, the board open (pages turning every 15 s)", Cpu(await SampleAsync(host, seconds))));

        using var traffic = new CancellationTokenSource();
        var trickle = TrickleAsync(http, queues, agents, rate, traffic.Token);
        results.Add(($"host CPU, {rate} contact events/s, the board open", Cpu(await SampleAsync(host, seconds))));
        var renders = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('.tile')].map(t => +t.dataset.renders)");
        await traffic.CancelAsync();
        var sent = await trickle;
        results.Add(($"events sent meanwhile / tile renders on screen (max per tile)", $"{sent:N0} / {renders.Sum():N0} ({(renders.Length == 0 ? 0 : renders.Max())})"));

        var agentsPage = await chromium.Fixture.NewPageAsync(url);
        await SignInAsync(agentsPage);
        var view = Stopwatch.StartNew();
        await agentsPage.GotoAsync("/agents", new() { Timeout = 120_000 });
        await agentsPage.Locator(".agent-row").Nth(99).WaitForAsync(new() { Timeout = 120_000 });
        results.Add(($"the agents view `/agents`, first open on this node (roster read from {agents:N0} agent grains): 100 rows shown", $"{view.Elapsed.TotalSeconds:0.00} s"));
        view.Restart();
        await agentsPage.ReloadAsync();
        await agentsPage.Locator(".agent-row").Nth(99).WaitForAsync(new() { Timeout = 120_000 });
        results.Add(("the agents view, opened again (roster kept by the node)", $"{view.Elapsed.TotalSeconds:0.00} s"));
        var api = Stopwatch.StartNew();
        using var pageOfAgents = await http.GetAsync("/api/agents?page=1&pageSize=100");
        var body = await pageOfAgents.Content.ReadFromJsonAsync<JsonElement>();
        results.Add(($"`GET /api/agents?page=1&pageSize=100` ({body.GetProperty("total").GetInt32():N0} agents, read from the grains)", $"{api.Elapsed.TotalMilliseconds:0} ms"));

        PrintTable(results);

        return 0;
    }

    /// <summary>A room: agents in teams, each serving one or two queues, then one answered contact per queue (every queue has a tile).</summary>
    private static IEnumerable<JsonObject> Room(int queues, int agents)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        string Queue(int i) => $"scale-{i % queues:0000}";
        string[] states = ["available", "busy", "busy", "wrapup", "away"];
        for (var a = 0; a < agents; a++)
        {
            var e = AgentState($"scale-agent-{a:00000}", states[a % states.Length], at.AddMilliseconds(a), Queue(a), Queue(a + 1));
            e["attributes"] = new JsonObject { ["team"] = $"Team {a / 100:000}" };
            yield return e;
        }

        for (var q = 0; q < queues; q++)
        {
            yield return Offered($"scale-c{q}", Queue(q), at.AddSeconds(30));
            yield return Answered($"scale-c{q}", $"scale-agent-{q:00000}", at.AddSeconds(36));
        }
    }

    /// <summary>Contacts offered and answered round the queues at <paramref name="perSecond"/> events a second, until cancelled.</summary>
    private static async Task<int> TrickleAsync(HttpClient http, int queues, int agents, int perSecond, CancellationToken stop)
    {
        var sent = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = DateTimeOffset.UtcNow;
                var batch = Enumerable.Range(sent, perSecond / 8).SelectMany(i => new[]
                {
                    Offered($"trickle-{i}", $"scale-{i % queues:0000}", now.AddSeconds(-4)),
                    Answered($"trickle-{i}", $"scale-agent-{i % agents:00000}", now),
                }).ToArray();
                await http.PostAcceptedAsync(batch);
                sent += batch.Length;
            }
        }
        catch (OperationCanceledException)
        {
            // the measurement is over
        }

        return sent;
    }

    /// <summary>The host published in Release to a folder of its own, so the CPU measured is the host's alone.</summary>
    internal static async Task<string> PublishAsync()
    {
        var publish = Path.Combine(Path.GetTempPath(), "controlroom-board-scale");
        // As deploy/ publishes it: for this machine's runtime, compiled ahead of time (ReadyToRun), so a fresh host's
        // first minute is not spent compiling.
        await Step("publish the host (Release, ReadyToRun)", () => RunAsync("dotnet",
            $"publish src/ControlRoom.Host -c Release -r {RuntimeInformation.RuntimeIdentifier} --self-contained false -o {publish} -nologo -clp:ErrorsOnly"));
        return publish;
    }

    /// <summary>Publishing (or a run before) loads both cores; figures taken right after it would measure that too.</summary>
    private static async Task SettleAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (double.Parse(Load(), CultureInfo.InvariantCulture) >= 1 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // a tool waiting for the machine, not a test
        }
    }

    /// <summary>The host's CPU over <paramref name="seconds"/>, from /proc/{pid}/stat (user + system), as a share of one core.</summary>
    internal static async Task<double> SampleAsync(Process host, int seconds)
    {
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var (before, at) = (CpuTicks(host.Id), Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var elapsed = Stopwatch.GetElapsedTime(at).TotalSeconds;
        return (CpuTicks(host.Id) - before) / ticksPerSecond / elapsed * 100;
    }

    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    internal static string Cpu(double percentOfOneCore) =>
        string.Create(CultureInfo.InvariantCulture, $"{percentOfOneCore:0} % of one core ({percentOfOneCore / Environment.ProcessorCount:0} % of the machine's {Environment.ProcessorCount})");

    /// <summary>The figures as the Markdown table docs/performance.md takes.</summary>
    internal static void PrintTable(IEnumerable<(string What, string Figure)> results)
    {
        Console.WriteLine();
        Console.WriteLine("| what | figure |");
        Console.WriteLine("|---|---|");
        foreach (var (what, figure) in results)
        {
            Console.WriteLine($"| {what} | {figure} |");
        }
    }

    /// <summary>The host's resident memory in MiB, from /proc/{pid}/status (VmRSS, in KiB).</summary>
    internal static double RssMib(int pid) =>
        double.Parse(File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    /// <summary>The <paramref name="p"/> quantile of sorted figures (nearest rank).</summary>
    internal static double Pct(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    internal static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync("viewer");
        await page.Locator("#password").FillAsync(ControlRoomHost.DevelopmentPassword);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await page.GotoAsync("about:blank");
    }

    internal static async Task<bool> TryPostAsync(HttpClient http, JsonObject[] batch)
    {
        using var response = await http.PostEventsAsync(batch);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    private static async Task<int> QueueCountAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/queues")).GetArrayLength();

    internal static async Task Step(string what, Func<Task> step)
    {
        Console.WriteLine($"… {what}");
        await step();
    }

    internal static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = RepositoryPaths.Root })
            ?? throw new InvalidOperationException($"{file} did not start");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode})");
        }
    }

    internal static string? TextOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    internal static int Option(string[] args, string name, int fallback) =>
        TextOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
