using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ControlRoom.Cli.QueueLog;

/// <summary>One complete line (without its newline) and the byte offsets where it starts and where the next one does.</summary>
public readonly record struct RawLine(long Offset, long NextOffset, string Text);

/// <summary>What a read found.</summary>
public enum ReadStatus
{
    /// <summary>A complete line.</summary>
    Line,

    /// <summary>No complete line now: the end of the file, or a line still being written.</summary>
    NoLine,

    /// <summary>
    /// The open file no longer starts with the line it started with, or is shorter than what was read: it was
    /// truncated (and perhaps written again) in place.
    /// </summary>
    Rewritten,
}

/// <summary>
/// Reads complete lines from one open file from a byte offset on, through a handle that keeps reading the same file
/// when it is renamed or deleted. A line without its newline is not taken until the newline arrives: Asterisk may be
/// in the middle of writing it.
/// </summary>
public sealed class QueueLogReader : IDisposable
{
    /// <summary>Asterisk writes a queue_log line from an 8 KiB buffer; anything longer is not its line.</summary>
    private const int MaxFingerprintBytes = 16 * 1024;

    private readonly SafeFileHandle handle;
    private byte[] buffer = new byte[64 * 1024];
    private long bufferStart;
    private int bufferCount;
    private int scanned;
    private int firstLineLength;

    private QueueLogReader(string path, SafeFileHandle handle, long offset)
    {
        Path = path;
        this.handle = handle;
        Offset = offset;
        bufferStart = offset;
        (Fingerprint, firstLineLength) = FirstLineOf(handle);
    }

    /// <summary>The path the file was opened by (it may have been renamed since).</summary>
    public string Path { get; }

    /// <summary>After the last line taken.</summary>
    public long Offset { get; private set; }

    /// <summary>The fingerprint of the file's first line; empty until the file has one.</summary>
    public string Fingerprint { get; private set; }

    /// <summary>The open file's length now (the file itself, wherever its name has gone).</summary>
    public long Length => RandomAccess.GetLength(handle);

    /// <summary>Opens <paramref name="path"/> to read from <paramref name="offset"/>; null when it does not exist.</summary>
    public static QueueLogReader? Open(string path, long offset)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return new QueueLogReader(path, handle, offset);
    }

    /// <summary>The fingerprint of the file at <paramref name="path"/> and its length; null when there is no such file.</summary>
    public static (string Fingerprint, long Length)? Peek(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return (FirstLineOf(handle).Fingerprint, RandomAccess.GetLength(handle));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Takes the next complete line, if there is one.</summary>
    public ReadStatus TryReadLine(out RawLine line)
    {
        line = default;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', scanned, bufferCount - scanned);
            if (newline >= 0)
            {
                var start = (int)(Offset - bufferStart);
                var text = Encoding.UTF8.GetString(buffer, start, newline - start);
                line = new RawLine(Offset, bufferStart + newline + 1, text);
                Offset = line.NextOffset;
                scanned = newline + 1;
                if (Fingerprint.Length == 0 && line.Offset == 0 && newline + 1 - start <= MaxFingerprintBytes)
                {
                    Fingerprint = FingerprintOfLine(buffer.AsSpan(start, newline + 1 - start));
                    firstLineLength = newline + 1 - start;
                }

                return ReadStatus.Line;
            }

            scanned = bufferCount;
            if (!Fill(out var rewritten))
            {
                return rewritten ? ReadStatus.Rewritten : ReadStatus.NoLine;
            }
        }
    }

    /// <summary>Whether the open file still is the one this reader began: same first line, not shorter than what was read.</summary>
    public bool StillSameContent()
    {
        if (Length < Offset)
        {
            return false;
        }

        if (Fingerprint.Length == 0)
        {
            return true;
        }

        // Only the first line's bytes are read again, not the whole head of the file.
        var head = new byte[firstLineLength];
        var read = RandomAccess.Read(handle, head, 0);
        return read == head.Length && FingerprintOfLine(head) == Fingerprint;
    }

    /// <summary>Counts the complete lines from the current offset to the end, for a progress bar.</summary>
    public long CountRemainingLines()
    {
        var chunk = new byte[256 * 1024];
        long count = 0;
        var at = Offset;
        int read;
        while ((read = RandomAccess.Read(handle, chunk, at)) > 0)
        {
            count += chunk.AsSpan(0, read).Count((byte)'\n');
            at += read;
        }

        return count;
    }

    public void Dispose() => handle.Dispose();

    /// <summary>Reads more of the file into the buffer; false when nothing new is there (or the file was rewritten).</summary>
    private bool Fill(out bool rewritten)
    {
        rewritten = false;

        // Drop what was taken; keep the unfinished line at the buffer's start.
        var keep = (int)(Offset - bufferStart);
        if (keep > 0)
        {
            Buffer.BlockCopy(buffer, keep, buffer, 0, bufferCount - keep);
            bufferCount -= keep;
            scanned -= keep;
            bufferStart = Offset;
        }

        if (bufferCount == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = RandomAccess.Read(handle, buffer.AsSpan(bufferCount), bufferStart + bufferCount);
        if (read == 0)
        {
            rewritten = Length < Offset;
            return false;
        }

        // New bytes: make sure they extend the file that was being read, not a file truncated and written again
        // in place (copytruncate), whose bytes past the old offset would be the middle of some other line.
        if (!StillSameContent())
        {
            rewritten = true;
            return false;
        }

        bufferCount += read;
        return true;
    }

    /// <summary>The fingerprint of the file's first line and its length with the newline; empty and 0 while there is none.</summary>
    private static (string Fingerprint, int Length) FirstLineOf(SafeFileHandle handle)
    {
        var head = new byte[(int)Math.Min(MaxFingerprintBytes, RandomAccess.GetLength(handle))];
        var read = head.Length == 0 ? 0 : RandomAccess.Read(handle, head, 0);
        var newline = Array.IndexOf(head, (byte)'\n', 0, read);
        return newline < 0 ? ("", 0) : (FingerprintOfLine(head.AsSpan(0, newline + 1)), newline + 1);
    }

    private static string FingerprintOfLine(ReadOnlySpan<byte> firstLine) => Convert.ToHexStringLower(SHA256.HashData(firstLine))[..16];
}
