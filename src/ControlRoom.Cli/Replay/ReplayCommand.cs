using ControlRoom.Cli.Arguments;
using ControlRoom.Cli.Ingest;

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

    /// <summary>A replay is watched by someone: after four tries it stops and says so instead of waiting on.</summary>
    private const int Attempts = 4;

    public static ReplayOptions Parse(CommandLine line)
    {
        var file = line.SinglePositional("FILE");
        var target = IngestTarget.FromCommandLine(line);
        return new ReplayOptions(
            file,
            target.Endpoint,
            target.Key,
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

        var poster = new EventPoster(http, new IngestTarget(options.Endpoint, options.Key), clock);
        var progress = new ProgressBar(stderr, scan.Events, clock);
        var totals = new Totals();
        var batch = new EventBatch(options.Batch);
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
                        if (!await Flush(batch, poster, options, totals, progress, cancellationToken))
                        {
                            return ExitCodes.Failed;
                        }

                        await Task.Delay(wait, clock, cancellationToken);
                    }
                }

                if (batch.IsFullFor(line.Text) && !await Flush(batch, poster, options, totals, progress, cancellationToken))
                {
                    return ExitCodes.Failed;
                }

                batch.Add(line.Text, line.Number);
            }

            if (!await Flush(batch, poster, options, totals, progress, cancellationToken))
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
    private async Task<bool> Flush(EventBatch batch, EventPoster poster, ReplayOptions options, Totals totals, ProgressBar progress, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var outcome = await poster.PostWithRetriesAsync(batch.Lines, Attempts, (_, _, _) => { }, cancellationToken);
        switch (outcome)
        {
            case PostOutcome.Accepted accepted:
                totals.Sent += batch.Count;
                totals.Accepted += accepted.Count;
                totals.Duplicates += accepted.Duplicates;
                batch.Clear();
                progress.Report(totals.Sent);
                return true;
            case PostOutcome.Refused refused:
                progress.Finish();
                foreach (var line in refused.Refusal.Describe(options.File, batch))
                {
                    stderr.WriteLine(line);
                }

                stderr.WriteLine($"{totals.Sent} events were accepted before lines {batch.FirstLine}-{batch.LastLine}; nothing of that batch was applied");
                return false;
            default:
                progress.Finish();
                stderr.WriteLine($"error: {options.Endpoint} failed {Attempts} times ({((PostOutcome.Transient)outcome).Reason}); " +
                    $"{totals.Sent} events were sent before lines {batch.FirstLine}-{batch.LastLine}");
                return false;
        }
    }

    private sealed class Totals
    {
        public long Sent { get; set; }
        public long Accepted { get; set; }
        public long Duplicates { get; set; }
    }
}
