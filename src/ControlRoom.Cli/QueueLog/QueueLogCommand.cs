using System.Text.Json;
using ControlRoom.Cli.Arguments;
using ControlRoom.Cli.Ingest;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.QueueLog;

/// <summary>What <c>queue-log</c> was asked to do.</summary>
public sealed record QueueLogOptions(string File, IngestTarget Target, string? StatePath, bool Follow, int Batch);

/// <summary>
/// <c>queue-log FILE --url URL --key KEY [--state STATEFILE] [--follow] [--batch 1000] [--source NAME]</c>: sends an Asterisk
/// queue_log to the host as contract events. Without <c>--follow</c> it imports the file from the saved position (or
/// its start) to its end and exits 0 once the host has acknowledged everything; with it, it tails the file across
/// rotations until stopped. The state file is written (atomically) only after the host answered <c>202</c> for the
/// lines it covers, so a crash at any moment resends at most the unacknowledged lines, which the host counts as
/// duplicates. Transient failures (429, 5xx, the network) are retried without end, with back-off and the host's
/// <c>Retry-After</c>; no line is ever skipped because it could not be delivered. A refusal (400, 401, 403) stops the
/// connector with exit code 3, naming the lines, and the state stays before them: skipping would lose data silently.
/// </summary>
public sealed class QueueLogCommand(HttpClient http, TextWriter stdout, TextWriter stderr, TimeProvider clock)
{
    public static readonly string[] Options = ["url", "key", "state", "batch", "source"];
    public static readonly string[] Flags = ["follow"];

    /// <summary>How often a followed file is looked at when nothing new was in it.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A followed file reports its totals this often (when lines came in meanwhile), for the service's journal.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(10);

    private const int MostLineWarnings = 20;

    public static QueueLogOptions Parse(CommandLine line) => new(
        line.SinglePositional("FILE"),
        IngestTarget.FromCommandLine(line),
        line.Option("state") is { Length: > 0 } state ? state : null,
        line.Flag("follow"),
        line.IntOption("batch", 1000, 1, 10_000));

    public async Task<int> RunAsync(QueueLogOptions options, CancellationToken cancellationToken)
    {
        if (!options.Follow && !File.Exists(options.File))
        {
            stderr.WriteLine($"error: {options.File} does not exist");
            return ExitCodes.Failed;
        }

        QueueLogState? saved;
        try
        {
            saved = options.StatePath is null ? null : QueueLogState.Load(options.StatePath);
            if (options.StatePath is not null && Path.GetDirectoryName(Path.GetFullPath(options.StatePath)) is { } folder)
            {
                Directory.CreateDirectory(folder); // before anything is sent, so the first acknowledgement can be saved
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }

        QueueLogTail tail;
        try
        {
            tail = QueueLogTail.Open(options.File, saved?.Position ?? QueueLogPosition.Start, options.Follow, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {options.File} cannot be read: {ex.Message}");
            return ExitCodes.Failed;
        }

        using var opened = tail;
        var poster = new EventPoster(http, options.Target, clock);
        var session = new Session(options, tail, saved, poster, stdout, stderr, clock);
        try
        {
            return await session.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Progress?.Finish();
            stderr.WriteLine(options.StatePath is null ? "stopped" : $"stopped; the state file resumes after {session.SavedPosition}");
            session.Summarise();
            return options.Follow ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            session.Progress?.Finish();
            stderr.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>One run: the file being read, the batch on its way, what was counted, the position last saved.</summary>
    private sealed class Session(
        QueueLogOptions options, QueueLogTail tail, QueueLogState? saved, EventPoster poster, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        private readonly AgentRoster roster = new(saved?.Agents);
        private readonly EventBatch batch = new(options.Batch);
        private readonly Dictionary<string, long> skipped = new(StringComparer.Ordinal);
        private readonly List<string> errors = [];
        private readonly long started = clock.GetTimestamp();
        private QueueLogMapper? mapper;
        private QueueLogPosition position = saved?.Position ?? QueueLogPosition.Start;
        private string batchFile = options.File;
        private long lines, sent, accepted, duplicates, conflicts, malformed, unusable, warnings;
        private long lastReport, linesReported;

        public QueueLogPosition SavedPosition { get; private set; } = saved?.Position ?? QueueLogPosition.Start;

        public ProgressBar? Progress { get; private set; }

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            mapper = new QueueLogMapper(roster);
            lastReport = clock.GetTimestamp();
            if (!options.Follow)
            {
                Progress = new ProgressBar(stderr, tail.CountRemainingLines(), clock, "lines");
            }

            while (true)
            {
                switch (tail.Read(out var raw, out var startsFile))
                {
                    case TailStatus.Line:
                        // A batch never spans two files, so a refusal names lines of one file.
                        if (startsFile && batch.Count > 0 && !await Send(cancellationToken))
                        {
                            return ExitCodes.Refused;
                        }

                        Take(raw, startsFile);
                        if (batch.IsFull && !await Send(cancellationToken))
                        {
                            return ExitCodes.Refused;
                        }

                        break;
                    case TailStatus.Idle:
                        if (!await Send(cancellationToken))
                        {
                            return ExitCodes.Refused;
                        }

                        ReportNowAndThen();
                        await Task.Delay(PollInterval, clock, cancellationToken);
                        break;
                    default:
                        if (!await Send(cancellationToken))
                        {
                            return ExitCodes.Refused;
                        }

                        Progress?.Report(lines, force: true);
                        Progress?.Finish();
                        if (tail.UnfinishedBytes > 0)
                        {
                            stderr.WriteLine($"note: {tail.CurrentPath} ends with {tail.UnfinishedBytes} bytes without a newline: a line still being written, left for the next run");
                        }

                        Summarise();
                        return ExitCodes.Ok;
                }
            }
        }

        /// <summary>Reads one line into the batch (or the counts), and moves the position past it.</summary>
        private void Take(RawLine raw, bool startsFile)
        {
            if (startsFile)
            {
                position = QueueLogPosition.Start;
            }

            var line = QueueLogLine.TryParse(raw.Text, out var error);
            (position, var place) = position.After(raw, tail.Fingerprint, line?.Epoch);
            lines++;
            Progress?.Report(lines);
            if (line is null)
            {
                malformed++;
                Warn($"not a queue_log line ({error}); skipped");
                return;
            }

            var mapped = mapper!.Map(line, QueueLogPosition.EventId(line.Epoch, place, raw.Text));
            if (mapped.Event is not { } e)
            {
                skipped[mapped.Skipped!] = skipped.GetValueOrDefault(mapped.Skipped!) + 1;
                return;
            }

            // The host's own validator: what it would refuse is caught here, with the line that caused it.
            errors.Clear();
            if (EventValidator.Validate(e, errors) is null)
            {
                unusable++;
                Warn($"{line.Event} gives no valid event ({string.Join("; ", errors)}); skipped");
                return;
            }

            if (batch.Count == 0)
            {
                batchFile = tail.CurrentPath;
            }

            batch.Add(JsonSerializer.Serialize(e, WireJson.Options), position.Line);
        }

        /// <summary>
        /// Posts the batch until the host accepts it, then saves the position it covers; with nothing to post, saves a
        /// position moved by lines without events. False when the host refused the batch.
        /// </summary>
        private async Task<bool> Send(CancellationToken cancellationToken)
        {
            if (batch.Count > 0)
            {
                var outcome = await poster.PostWithRetriesAsync(batch.Lines, maxAttempts: null, Retrying, cancellationToken);
                if (outcome is PostOutcome.Refused refused)
                {
                    Progress?.Finish();
                    foreach (var text in refused.Refusal.Describe(batchFile, batch))
                    {
                        stderr.WriteLine(text);
                    }

                    stderr.WriteLine($"error: nothing of lines {batch.FirstLine}-{batch.LastLine} of {batchFile} was applied and the state file still " +
                        $"resumes after {SavedPosition}; once the cause is fixed, run again and it resumes there");
                    Summarise();
                    return false;
                }

                var ok = (PostOutcome.Accepted)outcome;
                sent += batch.Count;
                accepted += ok.Count;
                duplicates += ok.Duplicates;
                conflicts += ok.Conflicts;
                batch.Clear();
            }

            if (options.StatePath is { } statePath && position != SavedPosition)
            {
                new QueueLogState(options.File, position, roster.Snapshot(), clock.GetUtcNow()).Save(statePath);
                SavedPosition = position;
            }

            return true;
        }

        private void Retrying(int attempt, PostOutcome.Transient transient, TimeSpan delay)
        {
            // Every try of the first few, then every tenth: an hour-long outage is visible without flooding the journal.
            if (attempt <= 3 || attempt % 10 == 0)
            {
                Progress?.Finish();
                stderr.WriteLine($"retrying lines {batch.FirstLine}-{batch.LastLine} of {batchFile} in {delay.TotalSeconds:0.0} s " +
                    $"(attempt {attempt}: {transient.Reason})");
            }
        }

        private void Warn(string text)
        {
            if (++warnings <= MostLineWarnings)
            {
                Progress?.Finish();
                stderr.WriteLine($"warning: {tail.CurrentPath} line {position.Line}: {text}");
            }
            else if (warnings == MostLineWarnings + 1)
            {
                stderr.WriteLine("warning: further lines that cannot be used are counted, not shown");
            }
        }

        private void ReportNowAndThen()
        {
            if (clock.GetElapsedTime(lastReport) < ReportInterval || lines == linesReported)
            {
                return;
            }

            lastReport = clock.GetTimestamp();
            linesReported = lines;
            Summarise();
        }

        public void Summarise()
        {
            var elapsed = clock.GetElapsedTime(started);
            var skippedText = skipped.Count == 0
                ? "none"
                : string.Join(", ", skipped.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(12).Select(s => $"{s.Key} {s.Value:N0}"));
            stdout.WriteLine(
                $"{options.File}: {lines:N0} lines in {elapsed.TotalSeconds:0.00} s ({ProgressBar.Rate(lines, elapsed):N0} lines/s); " +
                $"{sent:N0} events sent ({accepted:N0} accepted, {duplicates:N0} duplicates, {ProgressBar.Rate(sent, elapsed):N0} events/s); " +
                (conflicts == 0 ? "" : $"{conflicts:N0} conflicts (ids the host had with other content, e.g. agent presence from a run without the state file; the first stands); ") +
                $"skipped {skipped.Values.Sum():N0} ({skippedText}); {malformed:N0} malformed, {unusable:N0} unusable; at {position}");
        }
    }
}
