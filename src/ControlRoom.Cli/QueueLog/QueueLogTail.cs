namespace ControlRoom.Cli.QueueLog;

/// <summary>What <see cref="QueueLogTail.Read"/> found.</summary>
public enum TailStatus
{
    /// <summary>A complete line.</summary>
    Line,

    /// <summary>Following: nothing new now; ask again after a pause.</summary>
    Idle,

    /// <summary>Importing: the end of the file.</summary>
    End,
}

/// <summary>
/// The lines of a queue_log path across its files: resumes where the state file says, follows the file as Asterisk
/// writes it, and carries on across rotation.
/// </summary>
/// <remarks>
/// A file is known by the fingerprint of its first line, not by its name, so a state saved before a rotation still
/// finds its file: at start, a path that no longer begins with the saved file's first line sends the tail to the
/// rotated file that does (<c>queue_log.1</c>, <c>queue_log-20261122</c>, …, not compressed ones), where it reads
/// from the saved offset to the end before it starts the new file. While following:
/// <list type="bullet">
/// <item>Renamed and replaced (logrotate <c>create</c>, Asterisk's own <c>logger rotate</c>): the open handle keeps
/// reading the old file, including lines Asterisk writes to it until it reopens its log; once the new file has a
/// complete line and the old one has nothing more, the tail moves to the new file from its start.</item>
/// <item>Truncated in place (logrotate <c>copytruncate</c>): the lines not read yet are in the copy, which has the
/// same first line; the tail reads them from there, then the truncated file from its start. Lines written between
/// the copy and the truncation are lost to any reader: that is copytruncate's own gap.</item>
/// </list>
/// </remarks>
public sealed class QueueLogTail : IDisposable
{
    private static readonly string[] Compressed = [".gz", ".bz2", ".xz", ".zst", ".Z", ".zip", ".lz4"];

    private readonly string path;
    private readonly bool follow;
    private readonly TextWriter log;
    private QueueLogReader? reader;
    private bool readingRotated;
    private bool renamedAway;
    private bool newFile;
    private bool waitingNoted;

    private QueueLogTail(string path, bool follow, TextWriter log)
    {
        this.path = path;
        this.follow = follow;
        this.log = log;
    }

    /// <summary>The fingerprint of the file being read (empty until it has a first line).</summary>
    public string Fingerprint => reader?.Fingerprint ?? "";

    /// <summary>The name the current file was opened by, for messages.</summary>
    public string CurrentPath => reader?.Path ?? path;

    /// <summary>Bytes after the last complete line: a line Asterisk has not finished writing (or a file not ending in a newline).</summary>
    public long UnfinishedBytes => reader is null ? 0 : Math.Max(0, reader.Length - reader.Offset);

    /// <summary>
    /// Opens <paramref name="path"/> at <paramref name="start"/>, or the rotated file that holds it; when neither
    /// can be resumed, the path from its start, whose first line then starts a new position.
    /// </summary>
    public static QueueLogTail Open(string path, QueueLogPosition start, bool follow, TextWriter log)
    {
        var tail = new QueueLogTail(path, follow, log);
        tail.Resume(start);
        return tail;
    }

    /// <summary>The next line; <paramref name="startsFile"/> is true for the first line of a file other than the one resumed.</summary>
    public TailStatus Read(out RawLine line, out bool startsFile)
    {
        startsFile = false;
        while (true)
        {
            if (reader is null && !OpenPath())
            {
                line = default;
                return follow ? TailStatus.Idle : TailStatus.End;
            }

            var status = reader!.TryReadLine(out line);
            if (status == ReadStatus.Line)
            {
                startsFile = newFile;
                newFile = false;
                return TailStatus.Line;
            }

            if (status == ReadStatus.Rewritten)
            {
                if (!follow && !readingRotated)
                {
                    log.WriteLine($"warning: {path} was truncated while it was read; run again to read what it holds now");
                    return TailStatus.End;
                }

                Truncated();
                continue;
            }

            if (readingRotated)
            {
                log.WriteLine($"finished {reader.Path} at byte {reader.Offset}; continuing with {path}");
                SwitchToPath();
                continue;
            }

            if (!follow)
            {
                return TailStatus.End;
            }

            if (CheckRotation())
            {
                continue;
            }

            return TailStatus.Idle;
        }
    }

    /// <summary>Complete lines left to read from here to the end of the path (and of the rotated file first), for a progress bar.</summary>
    public long CountRemainingLines()
    {
        var count = reader?.CountRemainingLines() ?? 0;
        if (readingRotated && QueueLogReader.Open(path, 0) is { } next)
        {
            using (next)
            {
                count += next.CountRemainingLines();
            }
        }

        return count;
    }

    public void Dispose() => reader?.Dispose();

    private void Resume(QueueLogPosition start)
    {
        var current = QueueLogReader.Peek(path);
        if (start.Offset == 0 || start.Fingerprint.Length == 0)
        {
            newFile = start.Offset != 0; // nothing of a known file taken: the path from its start
            reader = QueueLogReader.Open(path, 0);
            return;
        }

        if (current is { } peek && peek.Fingerprint == start.Fingerprint && peek.Length >= start.Offset)
        {
            reader = QueueLogReader.Open(path, start.Offset);
            if (reader is not null)
            {
                log.WriteLine($"resuming {path} after {start}");
                return;
            }
        }

        if (FindRotated(start.Fingerprint, start.Offset) is { } rotated)
        {
            reader = QueueLogReader.Open(rotated, start.Offset);
            readingRotated = reader is not null;
            if (readingRotated)
            {
                log.WriteLine($"{path} was rotated since {start}: reading the rest of {rotated} first");
                return;
            }
        }

        log.WriteLine($"warning: neither {path} nor a rotated file beside it begins with the file the state was saved at ({start}); reading {path} from its start");
        newFile = true;
        reader = QueueLogReader.Open(path, 0);
    }

    private bool OpenPath()
    {
        reader = QueueLogReader.Open(path, 0);
        if (reader is null)
        {
            if (follow && !waitingNoted)
            {
                log.WriteLine($"waiting for {path} to appear");
                waitingNoted = true;
            }

            return false;
        }

        waitingNoted = false;
        return true;
    }

    /// <summary>True when the tail moved to another file (or found more to read); false when there is nothing new.</summary>
    private bool CheckRotation()
    {
        var current = QueueLogReader.Peek(path);
        if (renamedAway)
        {
            // The old file is drained (no complete line left in it); wait for the new one to have a first line.
            if (current is { Fingerprint.Length: > 0 })
            {
                log.WriteLine($"{path} was rotated: finished the old file at byte {reader!.Offset}; reading the new {path}");
                SwitchToPath();
                return true;
            }

            return false;
        }

        if (current is null)
        {
            renamedAway = true; // renamed or removed; the new file is not there yet
            return false;
        }

        var (fingerprint, length) = current.Value;
        if (fingerprint == reader!.Fingerprint && length >= reader.Offset)
        {
            return false; // the same file, nothing new
        }

        if (reader.Fingerprint.Length == 0)
        {
            // Nothing was taken from the open file: if the path has a line this handle did not see, read the path.
            if (fingerprint.Length > 0)
            {
                SwitchToPath();
                return true;
            }

            return false;
        }

        if (!reader.StillSameContent())
        {
            Truncated();
            return true;
        }

        renamedAway = true; // the open file is intact under another name: drain it before moving on
        return true;
    }

    /// <summary>The open file was truncated in place: read its unread lines from the rotated copy, if there is one, then the file again.</summary>
    private void Truncated()
    {
        var (fingerprint, offset) = (reader!.Fingerprint, reader.Offset);
        var copy = fingerprint.Length > 0 ? FindRotated(fingerprint, offset) : null;
        reader.Dispose();
        reader = copy is null ? null : QueueLogReader.Open(copy, offset);
        if (reader is not null)
        {
            readingRotated = true;
            log.WriteLine($"{path} was truncated in place after byte {offset}: reading the lines after it from the copy {copy}, then {path} from its start");
            return;
        }

        log.WriteLine($"{path} was truncated in place after byte {offset}; no rotated copy holds that file, so reading {path} from its start");
        SwitchToPath();
    }

    private void SwitchToPath()
    {
        reader?.Dispose();
        reader = null;
        readingRotated = false;
        renamedAway = false;
        newFile = true;
        OpenPath();
    }

    /// <summary>A rotated sibling of the path that begins with <paramref name="fingerprint"/> and reaches <paramref name="offset"/>.</summary>
    private string? FindRotated(string fingerprint, long offset)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(directory))
        {
            return null;
        }

        return Directory.EnumerateFiles(directory, name + "*")
            .Where(f => !string.Equals(f, full, StringComparison.Ordinal) && !Compressed.Any(c => f.EndsWith(c, StringComparison.Ordinal)))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault(f => QueueLogReader.Peek(f) is { } peek && peek.Fingerprint == fingerprint && peek.Length >= offset);
    }
}
