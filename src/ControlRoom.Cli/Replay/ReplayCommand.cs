using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ControlRoom.Cli.Arguments;

namespace ControlRoom.Cli.Replay;

/// <summary>What <c>replay</c> was asked to do.</summary>
public sealed record ReplayOptions(string File, Uri Endpoint, string Key, int Batch, double? Speed);

/// <summary>
/// <c>replay FILE --url URL --key KEY [--batch 1000] [--speed X]</c>: streams an NDJSON file of contract events
/// into a running host through <c>POST /api/events</c>. The whole file is validated first, so a bad line stops
/// the replay before anything is sent; the host's own 400 answers are mapped back to line numbers too.
/// </summary>
public sealed class ReplayCommand(HttpClient http, TextWriter stdout, TextWriter stderr, TimeProvider clock)
{
    public static readonly string[] Options = ["url", "key", "batch", "speed"];

    /// <summary>Stays under the host's 10 MiB per request, whatever the batch size.</summary>
    private const int MaxBodyBytes = 9 * 1024 * 1024;

    private const int Attempts = 4;

    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");

    public static ReplayOptions Parse(CommandLine line)
    {
        var file = line.SinglePositional("FILE");
        var url = line.RequiredOption("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an http(s) address, not '{url}'");
        }

        // Accept the host's root or the endpoint itself.
        var endpoint = baseUri.AbsolutePath.TrimEnd('/').EndsWith("/api/events", StringComparison.OrdinalIgnoreCase)
            ? baseUri
            : new Uri(baseUri, baseUri.AbsolutePath.TrimEnd('/') + "/api/events");
        return new ReplayOptions(
            file,
            endpoint,
            line.RequiredOption("key"),
            line.IntOption("batch", 1000, 1, 10_000),
            line.PositiveDoubleOption("speed"));
    }

    public async Task<int> RunAsync(ReplayOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.File))
        {
            stderr.WriteLine($"error: {options.File} does not exist");
            return ExitCodes.Failed;
        }

        var scan = EventLines.Scan(options.File, keepErrors: 20);
        if (scan.BadCount > 0)
        {
            foreach (var bad in scan.FirstBad)
            {
                stderr.WriteLine($"error: {options.File} line {bad.Line}: {bad.Reason}");
            }

            stderr.WriteLine($"error: {scan.BadCount} invalid lines; nothing was sent");
            return ExitCodes.Failed;
        }

        var progress = new ProgressBar(stderr, scan.Events, clock);
        var totals = new Totals();
        var batch = new List<EventLine>(options.Batch);
        var batchBytes = 0;
        DateTimeOffset? firstAt = null;
        try
        {
            foreach (var line in EventLines.Read(options.File))
            {
                if (options.Speed is { } speed)
                {
                    // Accelerated real time: an event leaves no earlier than its own offset from the first
                    // event, divided by the speed-up. What is due is sent before waiting.
                    firstAt ??= line.Event.OccurredAt;
                    var due = TimeSpan.FromTicks((long)((line.Event.OccurredAt - firstAt.Value).Ticks / speed));
                    var wait = due - progress.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        if (!await Flush(batch, options, totals, progress, cancellationToken))
                        {
                            return ExitCodes.Failed;
                        }

                        batchBytes = 0;
                        await Task.Delay(wait, clock, cancellationToken);
                    }
                }

                var bytes = Encoding.UTF8.GetByteCount(line.Text) + 1;
                if (batch.Count == options.Batch || batchBytes + bytes > MaxBodyBytes)
                {
                    if (!await Flush(batch, options, totals, progress, cancellationToken))
                    {
                        return ExitCodes.Failed;
                    }

                    batchBytes = 0;
                }

                batch.Add(line);
                batchBytes += bytes;
            }

            if (!await Flush(batch, options, totals, progress, cancellationToken))
            {
                return ExitCodes.Failed;
            }
        }
        catch (BadLineException ex)
        {
            progress.Finish();
            stderr.WriteLine($"error: {options.File} line {ex.Line}: {ex.Reason} (the file changed during the replay)");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            stderr.WriteLine($"stopped: {totals.Sent} events were sent before the replay was cancelled");
            return ExitCodes.Failed;
        }

        progress.Report(totals.Sent, force: true);
        progress.Finish();
        var elapsed = progress.Elapsed;
        stdout.WriteLine($"replayed {totals.Sent:N0} events ({totals.Accepted:N0} accepted, {totals.Duplicates:N0} duplicates) " +
            $"in {elapsed.TotalSeconds:0.00} s: {ProgressBar.Rate(totals.Sent, elapsed):N0} events/s");
        return ExitCodes.Ok;
    }

    /// <summary>Sends the batch (if any) and clears it; false when the replay must stop.</summary>
    private async Task<bool> Flush(List<EventLine> batch, ReplayOptions options, Totals totals, ProgressBar progress, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var body = new StringBuilder();
        foreach (var line in batch)
        {
            body.Append(line.Text).Append('\n');
        }

        var text = body.ToString();
        for (var attempt = 1; ; attempt++)
        {
            string? transient;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
                {
                    Content = new StringContent(text, Encoding.UTF8, Ndjson),
                };
                request.Headers.Add("X-Api-Key", options.Key);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var result = await response.Content.ReadFromJsonAsync<IngestAnswer>(cancellationToken);
                    totals.Sent += batch.Count;
                    totals.Accepted += result?.Accepted ?? 0;
                    totals.Duplicates += result?.Duplicates ?? 0;
                    batch.Clear();
                    progress.Report(totals.Sent);
                    return true;
                }

                var status = (int)response.StatusCode;
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    progress.Finish();
                    await ReportRejection(response, batch, totals, cancellationToken);
                    return false;
                }

                transient = $"{status} {response.ReasonPhrase}";
            }
            catch (HttpRequestException ex)
            {
                transient = ex.Message;
            }

            // Safe to send again: the host recognises already accepted event ids as duplicates.
            if (attempt == Attempts)
            {
                progress.Finish();
                stderr.WriteLine($"error: {options.Endpoint} failed {Attempts} times ({transient}); {totals.Sent} events were sent before lines {batch[0].Number}-{batch[^1].Number}");
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(0.5 * (1 << (attempt - 1))), clock, cancellationToken);
        }
    }

    /// <summary>Prints why the host refused a batch; a 400 names events by index, which become line numbers.</summary>
    private async Task ReportRejection(HttpResponseMessage response, List<EventLine> batch, Totals totals, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var raw = await response.Content.ReadAsStringAsync(cancellationToken);
        string? title = null, detail = null;
        var lines = new List<string>();
        try
        {
            using var problem = JsonDocument.Parse(raw);
            var root = problem.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    lines.Add(DescribeInvalidEvent(error, batch));
                }
            }
        }
        catch (JsonException)
        {
            detail = raw.Length > 300 ? raw[..300] : raw;
        }

        var what = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "the host refused the API key (401)",
            HttpStatusCode.Forbidden => "the API key may not send events (403)",
            HttpStatusCode.RequestEntityTooLarge => "the batch is too large for the host (413); try a smaller --batch",
            _ => $"the host answered {status}",
        };
        stderr.WriteLine($"error: {what}{(title is null ? "" : $": {title}")}{(detail is null ? "" : $" - {detail}")}");
        foreach (var line in lines.Take(20))
        {
            stderr.WriteLine($"error: {line}");
        }

        stderr.WriteLine($"{totals.Sent} events were accepted before lines {batch[0].Number}-{batch[^1].Number}; nothing of that batch was applied");
    }

    private static string DescribeInvalidEvent(JsonElement error, List<EventLine> batch)
    {
        var index = error.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : -1;
        var reasons = error.TryGetProperty("errors", out var r) && r.ValueKind == JsonValueKind.Array
            ? string.Join("; ", r.EnumerateArray().Select(x => x.ToString()))
            : error.ToString();
        return index >= 0 && index < batch.Count
            ? $"line {batch[index].Number}: {reasons}"
            : $"event #{index} of the batch: {reasons}";
    }

    private sealed class Totals
    {
        public long Sent { get; set; }
        public long Accepted { get; set; }
        public long Duplicates { get; set; }
    }

    private sealed record IngestAnswer(int Accepted, int Duplicates);
}
