using ControlRoom.Cli.QueueLog;

namespace ControlRoom.QueueLog.Tests.Reading;

/// <summary>
/// The tail on real files in a temporary folder: unfinished lines, resuming, and both kinds of rotation, one read at
/// a time, so every step is observed without waiting on anything.
/// </summary>
public sealed class QueueLogTailTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("queue-log-tail-").FullName;
    private readonly StringWriter log = new();

    private string File => Path.Combine(folder, "queue_log");

    [Fact]
    public void AnUnfinishedLine_IsTakenOnlyOnceItsNewlineIsWritten()
    {
        Write(File, "1732262000|NONE|NONE|NONE|QUEUESTART|\n1732262001|NONE|NONE|NONE|CONFIG");
        using var tail = QueueLogTail.Open(File, QueueLogPosition.Start, follow: true, log);

        ReadAll(tail).Should().Equal("1732262000|NONE|NONE|NONE|QUEUESTART|");
        tail.UnfinishedBytes.Should().BeGreaterThan(0);
        Append(File, "RELOAD|\n");

        ReadAll(tail).Should().Equal("1732262001|NONE|NONE|NONE|CONFIGRELOAD|");
    }

    [Fact]
    public void Import_StopsAtTheEnd_AndResumesAtTheSavedOffset()
    {
        Write(File, Lines(1, 3));
        var position = SavedAfter(2);

        Append(File, Lines(4, 4));
        using var again = QueueLogTail.Open(File, position, follow: false, log);

        ReadAll(again).Should().Equal(Line(3), Line(4));
        again.Read(out _, out _).Should().Be(TailStatus.End);
        log.ToString().Should().Contain("resuming");
    }

    [Fact]
    public void Follow_RenamedAndRecreated_ReadsTheOldFilesLateLines_ThenTheNewFile()
    {
        Write(File, Lines(1, 2));
        using var tail = QueueLogTail.Open(File, QueueLogPosition.Start, follow: true, log);
        ReadAll(tail).Should().HaveCount(2);

        // logrotate "create": rename, new empty file; Asterisk writes to the old file until it reopens its log.
        System.IO.File.Move(File, File + ".1");
        ReadAll(tail).Should().BeEmpty();
        Append(File + ".1", Lines(3, 3));
        Write(File, "");
        ReadAll(tail).Should().Equal(Line(3));
        Append(File, Lines(4, 5));

        var lines = ReadWithStarts(tail);

        lines.Should().Equal((Line(4), true), (Line(5), false));
        log.ToString().Should().Contain("was rotated");
    }

    [Fact]
    public void Follow_TruncatedInPlace_ReadsTheUnreadLinesFromTheCopy_ThenTheFileFromItsStart()
    {
        Write(File, Lines(1, 2));
        using var tail = QueueLogTail.Open(File, QueueLogPosition.Start, follow: true, log);
        ReadAll(tail).Should().HaveCount(2);

        // logrotate "copytruncate", with a line written after the tail's last read and before the copy.
        Append(File, Lines(3, 3));
        System.IO.File.Copy(File, File + ".1");
        Write(File, "");
        Append(File, Lines(9, 9));

        var lines = ReadWithStarts(tail);

        lines.Should().Equal((Line(3), false), (Line(9), true));
        log.ToString().Should().Contain("truncated in place").And.Contain("copy");
    }

    [Fact]
    public void Follow_TruncatedAndRefilledBeyondTheOffset_IsNotReadFromTheMiddleOfALine()
    {
        Write(File, Lines(1, 1));
        using var tail = QueueLogTail.Open(File, QueueLogPosition.Start, follow: true, log);
        ReadAll(tail).Should().HaveCount(1);

        Write(File, Lines(5, 8)); // truncated and written again, longer than before, no copy kept

        ReadWithStarts(tail).Should().Equal((Line(5), true), (Line(6), false), (Line(7), false), (Line(8), false));
    }

    [Fact]
    public void Restart_AfterARotation_FindsTheSavedFileByItsFirstLine_AndFinishesItFirst()
    {
        Write(File, Lines(1, 3));
        var position = SavedAfter(1);

        System.IO.File.Move(File, File + "-20261122");
        Write(File, Lines(7, 7));
        using var after = QueueLogTail.Open(File, position, follow: true, log);

        ReadWithStarts(after).Should().Equal((Line(2), false), (Line(3), false), (Line(7), true));
        log.ToString().Should().Contain("-20261122");
    }

    [Fact]
    public void Restart_WhenNoFileBeginsLikeTheSavedOne_ReadsThePathFromItsStart_AndSaysSo()
    {
        Write(File, Lines(1, 3));
        var position = SavedAfter(3);

        Write(File, Lines(20, 21));
        using var after = QueueLogTail.Open(File, position, follow: false, log);

        ReadWithStarts(after).Should().Equal((Line(20), true), (Line(21), false));
        log.ToString().Should().Contain("warning").And.Contain("from its start");
    }

    public void Dispose()
    {
        log.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string Line(int n) => $"{1732262000 + n}|{1732262000 + n}.{n}|400|NONE|ENTERQUEUE||33300{n}|1";

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(n => Line(n) + "\n"));

    private static void Write(string path, string text) => System.IO.File.WriteAllText(path, text);

    private static void Append(string path, string text) => System.IO.File.AppendAllText(path, text);

    private static List<string> ReadAll(QueueLogTail tail) => [.. ReadWithStarts(tail).Select(l => l.Text)];

    /// <summary>Every line available now, with whether it started a new file; stops at Idle or End.</summary>
    private static List<(string Text, bool StartsFile)> ReadWithStarts(QueueLogTail tail)
    {
        var lines = new List<(string, bool)>();
        while (tail.Read(out var line, out var startsFile) == TailStatus.Line)
        {
            lines.Add((line.Text, startsFile));
        }

        return lines;
    }

    /// <summary>The position a run that took the file's first <paramref name="count"/> lines saved, as the command computes it.</summary>
    private QueueLogPosition SavedAfter(int count)
    {
        using var tail = QueueLogTail.Open(File, QueueLogPosition.Start, follow: false, log);
        var position = QueueLogPosition.Start;
        for (var i = 0; i < count; i++)
        {
            tail.Read(out var line, out _).Should().Be(TailStatus.Line);
            position = position.After(line, tail.Fingerprint, QueueLogLine.TryParse(line.Text, out _)?.Epoch).Next;
        }

        return position;
    }
}
