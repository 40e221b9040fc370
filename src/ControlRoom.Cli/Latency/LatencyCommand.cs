using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ControlRoom.Cli.Arguments;
using Microsoft.AspNetCore.SignalR.Client;

namespace ControlRoom.Cli.Latency;

/// <summary>
/// <c>latency --url URL --key KEY [--samples 20]</c>: how long from <c>POST /api/events</c> to the hub's
/// <c>queueUpdated</c> for that queue, over real HTTP and a real SignalR connection, the way a wall board sees it.
/// Each sample offers one contact to a fresh queue, so no coalescing window from an earlier sample delays it.
/// </summary>
public static class LatencyCommand
{
    public static readonly string[] Options = ["url", "key", "samples"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var url = new Uri(line.RequiredOption("url"));
        var key = line.RequiredOption("key");
        var samples = line.IntOption("samples", 20, 1, 1000);

        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/wallboard"), o => o.Headers["X-Api-Key"] = key)
            .Build();
        var updates = Channel.CreateUnbounded<(string QueueId, long At)>();
        hub.On<JsonElement>("queueUpdated", s => updates.Writer.TryWrite((s.GetProperty("queueId").GetString()!, Stopwatch.GetTimestamp())));
        await hub.StartAsync(cancellationToken);
        await hub.InvokeAsync("Subscribe", new[] { "*" }, cancellationToken);

        var run = Guid.NewGuid().ToString("N")[..8];
        var timings = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var queueId = $"latency-{run}-{i}";
            var e = new JsonObject
            {
                ["eventId"] = $"{queueId}-offered",
                ["type"] = "interaction.offered",
                ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["interactionId"] = $"{queueId}-1",
                ["queueId"] = queueId,
                ["channel"] = "voice",
            };
            var started = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsJsonAsync("/api/events", new JsonArray(e), cancellationToken))
            {
                response.EnsureSuccessStatusCode();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (true)
            {
                var (id, at) = await updates.Reader.ReadAsync(timeout.Token);
                if (id == queueId)
                {
                    timings.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
                    break;
                }
            }
        }

        timings.Sort();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST -> queueUpdated over {samples} samples: p50 {Percentile(timings, 0.5):F1} ms, p90 {Percentile(timings, 0.9):F1} ms, worst {timings[^1]:F1} ms, best {timings[0]:F1} ms"));
        stdout.WriteLine("samples (ms): " + string.Join(" ", timings.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
        return ExitCodes.Ok;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
