using System.Diagnostics;
using System.Globalization;
using System.Net;
using ControlRoom.Contracts.Events;
using ControlRoom.Testing;
using static ControlRoom.Benchmarks.BoardScale;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Benchmarks;

/// <summary>
/// A day of a large room's traffic, pressed into minutes, against a published host in its own process (issue 15: RSS
/// at most 1 GiB after a day, no ingest batch stalls while history accumulates). N queues and M agents sign in at the
/// start of the day, then C contacts spread evenly over the last 24 hours (nine in ten answered and ended, one in ten
/// abandoned) are posted in time order as NDJSON batches. Prints the host's memory as the day fills, the batches'
/// latencies, the log's size on disk, and the idle room after it.
/// </summary>
public static class DayMemory
{
    public static Task<int> RunAsync(string[] args) =>
        WithOwnHostAsync("day-memory", args, (host, http, data) => MeasureAsync(host, http, data, Option(args, "--queues", 1000),
            Option(args, "--agents", 10_000), Option(args, "--contacts", 600_000), Option(args, "--batch", 5000), Option(args, "--rate", 0),
            TextOption(args, "--batch-log")));

    /// <param name="rate">
    /// Events per second the day is posted at (a batch waits for its turn), or 0: each batch as soon as the one before
    /// was acknowledged, which keeps the host's two cores saturated and measures how a batch fares then.
    /// </param>
    /// <param name="batchLog">
    /// A file to write each batch of the day to, one line each: when it was sent (ms since the day's first) and its time
    /// to 202 (ms), to look at the tail's shape (thirtieth pass of docs/performance.md); or null.
    /// </param>
    private static async Task<int> MeasureAsync(Process host, HttpClient http, string data, int queues, int agents, int contacts, int batchSize, int rate,
        string? batchLog)
    {
        var results = new List<(string What, string Figure)>
        {
            ("machine load average (1 min) at the start: the two cores are shared", Load()),
            ("host RSS, started, empty", $"{RssMib(host.Id):0} MiB"),
        };

        var end = DateTimeOffset.UtcNow.AddMinutes(-15); // every contact of the day has ended by now
        var start = end.AddDays(-1);
        var lines = new List<string>(agents);
        for (var a = 0; a < agents; a++)
        {
            lines.Add(AgentState($"day-agent-{a:00000}", "available", start.AddMilliseconds(a), Queue(a, queues), Queue(a + 1, queues)).ToJsonString());
        }

        foreach (var batch in lines.Chunk(batchSize))
        {
            await PostAsync(http, batch);
        }

        results.Add(($"host RSS, {agents:N0} agents signed in on {queues:N0} queues", $"{RssMib(host.Id):0} MiB"));

        var latencies = new List<double>();
        using var batches = batchLog is null ? null : new StreamWriter(batchLog);
        var sent = 0L;
        var clock = Stopwatch.StartNew();
        var step = TimeSpan.FromTicks(TimeSpan.FromDays(1).Ticks / contacts);
        var pending = new List<string>(batchSize + 3);
        var nextReport = contacts / 10;
        Console.WriteLine("| share of the day | events posted | elapsed | host RSS |");
        Console.WriteLine("|---|---|---|---|");
        for (var c = 0; c < contacts; c++)
        {
            var id = $"day-{c:0000000}";
            var offered = start + (step * c);
            var wait = TimeSpan.FromSeconds(c % 40);
            pending.Add(Offered(id, Queue(c, queues), offered).ToJsonString());
            if (c % 10 == 9)
            {
                pending.Add(Abandoned(id, offered + wait).ToJsonString());
            }
            else
            {
                pending.Add(Answered(id, $"day-agent-{c % agents:00000}", offered + wait).ToJsonString());
                pending.Add(Ended(id, offered + wait + TimeSpan.FromSeconds(120 + (c % 240))).ToJsonString());
            }

            if (pending.Count >= batchSize || c == contacts - 1)
            {
                if (rate > 0 && TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed is { Ticks: > 0 } early)
                {
                    await Task.Delay(early);
                }

                var sentAt = clock.Elapsed.TotalMilliseconds;
                latencies.Add(await PostAsync(http, pending));
                batches?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sentAt:0} {latencies[^1]:0}"));
                sent += pending.Count;
                pending.Clear();
            }

            if (c + 1 == nextReport || c == contacts - 1)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(c + 1) * 100L / contacts} % | {sent:N0} | {clock.Elapsed.TotalSeconds:0} s | {RssMib(host.Id):0} MiB |"));
                nextReport += contacts / 10;
            }
        }

        var elapsed = clock.Elapsed;
        latencies.Sort();
        var pace = rate > 0 ? $", paced at {rate:N0} events/s" : ", each once the one before was acknowledged";
        results.Add(($"a day of {contacts:N0} contacts: {sent:N0} events posted in batches of {batchSize:N0}{pace}", $"{elapsed.TotalSeconds:0} s ({sent / elapsed.TotalSeconds:N0} events/s)"));
        results.Add(("the day's batches: p50 / p99 / max", string.Create(CultureInfo.InvariantCulture,
            $"{Pct(latencies, 0.5):0} / {Pct(latencies, 0.99):0} / {latencies[^1]:0} ms")));
        results.Add(("the day's batches: p75 / p90 / p95", string.Create(CultureInfo.InvariantCulture,
            $"{Pct(latencies, 0.75):0} / {Pct(latencies, 0.9):0} / {Pct(latencies, 0.95):0} ms")));
        results.Add(("host RSS at the end of the day's ingest", $"{RssMib(host.Id):0} MiB"));
        results.Add(("the data folder (log and state) on disk", $"{DiskMib(data):0} MiB"));
        results.Add(("host CPU, room idle, the 30 s after the day", Cpu(await SampleAsync(host, 30))));
        results.Add(("host RSS, idle, 30 s after the day", $"{RssMib(host.Id):0} MiB"));
        results.Add(("host CPU, room idle, the next 30 s", Cpu(await SampleAsync(host, 30))));
        results.Add(("host RSS, idle, 60 s after the day", $"{RssMib(host.Id):0} MiB"));
        results.Add(("host CPU, room idle, the next 60 s (the day's last interactions are quiet and packed)", Cpu(await SampleAsync(host, 60))));
        results.Add(("host RSS, idle, 120 s after the day (goal: at most 1 GiB, 1,024 MiB)", $"{RssMib(host.Id):0} MiB"));

        PrintTable(results);

        return 0;
    }

    private static string Queue(int i, int queues) => $"day-{i % queues:0000}";

    /// <summary>Posts one NDJSON batch until it is acknowledged (a 503 while the log catches up is retried); its time to 202.</summary>
    private static async Task<double> PostAsync(HttpClient http, IReadOnlyList<string> lines)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            using var content = new NdjsonContent(lines);
            using var response = await http.PostAsync("/api/events", content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            if (attempt == 20 || response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
            {
                throw new InvalidOperationException($"POST /api/events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static double DiskMib(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024.0 / 1024;
}
