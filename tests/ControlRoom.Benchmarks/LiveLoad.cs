using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlRoom.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Benchmarks.BoardScale;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Benchmarks;

/// <summary>
/// The live pipeline under load (issue 15), against a published host in its own process over loopback: a room of N
/// queues and M agents (the agents' first presence timed until every one is listed), C hub clients following every
/// queue, E contact events a second, and two probes meanwhile: POST → <c>queueUpdated</c> on quiet probe queues, and a
/// waiting contact's exact crossing of the longest-wait rule → its <c>deviation</c> on the hub. Prints a Markdown
/// table for docs/performance.md.
/// </summary>
public static class LiveLoad
{
    private const string Key = ControlRoomHost.DevelopmentKey;

    public static Task<int> RunAsync(string[] args) =>
        WithOwnHostAsync("live-load", args, (host, http, _) => MeasureAsync(host, http, Option(args, "--queues", 1000), Option(args, "--agents", 10_000),
            Option(args, "--clients", 200), Option(args, "--rate", 5000), Option(args, "--seconds", 30)));

    private static async Task<int> MeasureAsync(Process host, HttpClient http, int queues, int agents, int clients, int rate, int seconds)
    {
        var url = http.BaseAddress!.ToString();
        var results = new List<(string What, string Figure)> { ("machine load average (1 min) at the start: the two cores are shared", Load()) };

        // A shift signs in on a room that is up, not on a host in its first seconds: right after its first answer the
        // runtime still recompiles the start-up code on one of the two cores for 3-5 s.
        var settled = await SettleAsync(host);
        results.Add(("the host started: idle (under 10 % of one core for 1 s) after its first answer", $"{settled.TotalSeconds:0.0} s"));

        // The shift starts: every agent's first presence, in batches of 5,000, until the roster lists them all.
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (acknowledged, listed) = await ShiftAsync(http, "load-agent", at, agents, queues);
        results.Add(($"{agents:N0} agents' first presence: POST of {agents:N0} events answered 202 (applied and durable)", $"{acknowledged.TotalSeconds:0.00} s"));
        results.Add(($"{agents:N0} agents' first presence: every agent listed in `/api/agents`", $"{listed.TotalSeconds:0.00} s"));

        var contacts = Enumerable.Range(0, queues).SelectMany(q => new[] { Offered($"load-c{q}", Queue(q, queues), at), Answered($"load-c{q}", $"load-agent-{q:00000}", at.AddSeconds(5)) });
        foreach (var batch in contacts.Chunk(5_000))
        {
            await Eventually.UntilAsync(() => TryPostAsync(http, batch), ok => ok, "a batch of contacts accepted", TimeSpan.FromMinutes(5));
        }

        // Probe queues, known to every node before the probes start, so their pushes take the path any queue's do.
        const int probeQueues = 16;
        await http.PostAcceptedAsync([.. Enumerable.Range(0, probeQueues).SelectMany(p => new[]
        {
            Offered($"probe-seed-{p}", $"probe-push-{p}", at), Answered($"probe-seed-{p}", "probe-agent", at.AddSeconds(1)),
            Offered($"probe-bseed-{p}", $"probe-breach-{p}", at), Answered($"probe-bseed-{p}", "probe-agent", at.AddSeconds(1)),
        })]);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the room's first wave of pushes passes

        results.Add(("host CPU, room idle, no client, the 15 s after the fill (grains write the snapshots then due)", Cpu(await SampleAsync(host, 15))));
        results.Add(("host CPU, room idle, no client, the next 15 s (steady)", Cpu(await SampleAsync(host, 15))));
        results.Add(("host RSS, room idle", $"{RssMib(host.Id):0} MiB"));

        // C wall boards following every queue (counting, not parsing: see CountingBoard), and one full probe client.
        var boards = new List<CountingBoard>();
        for (var i = 0; i < clients; i++)
        {
            var board = new CountingBoard();
            await board.StartAsync(url, Key);
            boards.Add(board);
        }

        using var pings = new PeriodicTimer(TimeSpan.FromSeconds(10));
        var pinging = PingAsync(boards, pings);

        var updates = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var deviations = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var judged = new ConcurrentDictionary<string, (DateTimeOffset JudgedAt, DateTimeOffset ArrivedAt)>(StringComparer.Ordinal); // where the breach's time went
        await using var probe = Hub(url);
        probe.On<JsonElement>("queueUpdated", s =>
        {
            if (s.GetProperty("waiting").GetInt32() > 0)
            {
                updates.TryAdd(s.GetProperty("queueId").GetString()!, Stopwatch.GetTimestamp());
            }
        });
        probe.On<JsonElement>("deviation", d =>
        {
            if (d.GetProperty("ruleId").GetString() == "longest-wait" && d.GetProperty("severity").GetString() != "ok")
            {
                var queueId = d.GetProperty("queueId").GetString()!;
                var arrived = Stopwatch.GetTimestamp();
                // Where the time went first: the probe reads it as soon as it sees the arrival.
                judged.TryAdd(queueId, (d.GetProperty("occurredAt").GetDateTimeOffset(), DateTimeOffset.UtcNow));
                deviations.TryAdd(queueId, arrived);
            }
        });
        await probe.StartAsync();
        await probe.InvokeAsync("Subscribe", new[] { "*" });

        using var stop = new CancellationTokenSource();
        var batchTimes = new ConcurrentBag<double>();
        var traffic = TrafficAsync(http, queues, agents, rate, batchTimes, stop.Token);
        var cpu = SampleAsync(host, seconds);

        var push = new List<double>();
        var breach = new List<double>();
        var judging = new List<double>();
        var pushing = new List<double>();
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var sample = 0; sample < probeQueues; sample++)
        {
            // Push: one contact offered now on a queue quiet for seconds, so no coalescing window delays it.
            var pushQueue = $"probe-push-{sample}";
            var started = Stopwatch.GetTimestamp();
            await http.PostAcceptedAsync(Offered($"probe-{run}-{sample}", pushQueue, DateTimeOffset.UtcNow));
            push.Add(Stopwatch.GetElapsedTime(started, await ArrivalAsync(updates, pushQueue)).TotalMilliseconds);

            // Breach: a contact 89.5 s old; the default warning (over 60 s, held 30 s) falls due half a second on, with
            // no further event. The latency is from that instant to the deviation on the hub.
            var breachQueue = $"probe-breach-{sample}";
            var offeredAt = DateTimeOffset.UtcNow.AddSeconds(-89.5);
            var crossing = Stopwatch.GetTimestamp() + (long)(0.5 * Stopwatch.Frequency);
            await http.PostAcceptedAsync(Offered($"probe-b-{run}-{sample}", breachQueue, offeredAt));
            breach.Add(Stopwatch.GetElapsedTime(crossing, await ArrivalAsync(deviations, breachQueue)).TotalMilliseconds);
            var (judgedAt, arrivedAt) = judged[breachQueue];
            judging.Add((judgedAt - offeredAt.AddSeconds(90)).TotalMilliseconds);
            pushing.Add((arrivedAt - judgedAt).TotalMilliseconds);
        }

        var cpuUnderLoad = await cpu;
        await stop.CancelAsync();
        var sent = await traffic;
        results.Add(($"host CPU, {rate:N0} contact events/s, {clients} hub clients following every queue", Cpu(cpuUnderLoad)));
        results.Add(("host RSS under that load", $"{RssMib(host.Id):0} MiB"));
        results.Add(("machine load average (1 min) under that load", Load()));
        results.Add(($"events acknowledged / `queueUpdated` messages received by the {clients} clients", $"{sent:N0} / {boards.Sum(b => b.Received):N0}"));
        var batches = batchTimes.Order().ToList();
        results.Add(($"`POST /api/events` of {rate / 10:N0} events (every 100 ms): p50 / p99 / max", $"{Pct(batches, 0.5):0} / {Pct(batches, 0.99):0} / {batches.LastOrDefault():0} ms"));
        push.Sort();
        breach.Sort();
        results.Add(($"POST → `queueUpdated` on the probe client, under that load (n = {push.Count}): p50 / p99 / max", $"{Pct(push, 0.5):0} / {Pct(push, 0.99):0} / {push[^1]:0} ms"));
        results.Add(($"longest-wait crossing → `deviation` on the probe client, under that load (n = {breach.Count}): p50 / p99 / max", $"{Pct(breach, 0.5):0} / {Pct(breach, 0.99):0} / {breach[^1]:0} ms"));
        judging.Sort();
        pushing.Sort();
        results.Add(("of which: crossing → judged by the queue grain (its `occurredAt`): p50 / p99 / max", $"{Pct(judging, 0.5):0} / {Pct(judging, 0.99):0} / {judging[^1]:0} ms"));
        results.Add(("of which: judged → received by the probe client: p50 / p99 / max", $"{Pct(pushing, 0.5):0} / {Pct(pushing, 0.99):0} / {pushing[^1]:0} ms"));

        pings.Dispose();
        await pinging;
        foreach (var board in boards)
        {
            await board.DisposeAsync();
        }

        // The next shift signs in on the running room: as many new agents on the same queues, the code paths warm (the
        // first shift above pays for a fresh host's compilation as well).
        var (nextAcknowledged, nextListed) = await ShiftAsync(http, "load-next", DateTimeOffset.UtcNow.AddSeconds(-30), agents, queues);
        results.Add(($"the next shift's {agents:N0} new agents on the running room: answered 202 / every one listed", $"{nextAcknowledged.TotalSeconds:0.00} / {nextListed.TotalSeconds:0.00} s"));

        PrintTable(results);

        return 0;
    }

    /// <summary>A shift signs in: each agent's first presence on two queues, in batches of 5,000, until the roster lists them all.</summary>
    private static async Task<(TimeSpan Acknowledged, TimeSpan Listed)> ShiftAsync(HttpClient http, string prefix, DateTimeOffset at, int agents, int queues)
    {
        var listedBefore = await AgentTotalAsync(http);
        var presence = Enumerable.Range(0, agents)
            .Select(a => AgentState($"{prefix}-{a:00000}", "available", at.AddMilliseconds(a), Queue(a, queues), Queue(a + 1, queues)))
            .ToList();
        var shift = Stopwatch.StartNew();
        foreach (var batch in presence.Chunk(5_000))
        {
            await Eventually.UntilAsync(() => TryPostAsync(http, batch), ok => ok, "a batch of presence accepted", TimeSpan.FromMinutes(5));
        }

        var acknowledged = shift.Elapsed;
        await Eventually.UntilAsync(() => AgentTotalAsync(http), n => n >= listedBefore + agents, $"{agents} agents listed", TimeSpan.FromMinutes(5));
        return (acknowledged, shift.Elapsed);
    }

    private static async Task<TimeSpan> SettleAsync(Process host)
    {
        var waited = Stopwatch.StartNew();
        while (await SampleAsync(host, 1) >= 10 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
        }

        return waited.Elapsed;
    }

    private static async Task PingAsync(List<CountingBoard> boards, PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync())
        {
            await Task.WhenAll(boards.Select(b => b.PingAsync()));
        }
    }

    private static string Queue(int i, int queues) => $"load-{i % queues:0000}";

    private static HubConnection Hub(string url) => new HubConnectionBuilder()
        .WithUrl(new Uri(new Uri(url), "/hubs/wallboard"), o => o.Headers["X-Api-Key"] = Key)
        .Build();

    /// <summary>
    /// Contacts offered and answered round the room's queues at <paramref name="perSecond"/> events a second: a batch
    /// every 100 ms, each posted without waiting for the one before (as several sources would), at most eight in
    /// flight; a tick that finds eight in flight is skipped, so the events sent show the rate the host kept up with.
    /// </summary>
    private static async Task<int> TrafficAsync(HttpClient http, int queues, int agents, int perSecond, ConcurrentBag<double> batchTimes, CancellationToken stop)
    {
        var sent = 0;
        var next = 0;
        var pairs = Math.Max(1, perSecond / 20);
        using var inFlight = new SemaphoreSlim(8);
        var posts = new List<Task>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!inFlight.Wait(0, CancellationToken.None))
                {
                    continue;
                }

                var now = DateTimeOffset.UtcNow;
                var batch = Enumerable.Range(next, pairs).SelectMany(i => new[]
                {
                    Offered($"load-t{i}", Queue(i, queues), now.AddSeconds(-3)),
                    Answered($"load-t{i}", $"load-agent-{i % agents:00000}", now),
                }).ToArray();
                next += pairs;
                posts.Add(PostAsync(batch));
            }
        }
        catch (OperationCanceledException)
        {
            // the measurement is over
        }

        await Task.WhenAll(posts);
        return sent;

        async Task PostAsync(JsonObject[] batch)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostEventsAsync(batch);
                batchTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                {
                    Interlocked.Add(ref sent, batch.Length);
                }
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    private static async Task<long> ArrivalAsync(ConcurrentDictionary<string, long> arrivals, string queueId)
    {
        await Eventually.UntilAsync(() => Task.FromResult(arrivals.ContainsKey(queueId)), seen => seen, $"a push for {queueId}", TimeSpan.FromSeconds(30));
        return arrivals[queueId];
    }

    private static async Task<int> AgentTotalAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/agents?page=1&pageSize=1")).GetProperty("total").GetInt32();
}
