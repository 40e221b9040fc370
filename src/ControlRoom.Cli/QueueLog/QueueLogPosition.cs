using System.Globalization;

namespace ControlRoom.Cli.QueueLog;

/// <summary>
/// How far into a queue_log file the connector is: which file (the fingerprint of its first line, which survives a
/// rename and a copy, unlike a path), the byte offset after the last line taken, that line's number, and the run of
/// lines sharing the last one-second timestamp. Together they name every line's event id the same way on every read.
/// </summary>
public sealed record QueueLogPosition
{
    /// <summary>A file not started yet: nothing taken, no fingerprint known.</summary>
    public static readonly QueueLogPosition Start = new();

    /// <summary>Hex of the first line's hash; empty while the file has no complete line.</summary>
    public string Fingerprint { get; init; } = "";

    public long Offset { get; init; }

    public long Line { get; init; }

    /// <summary>The epoch of the last well-formed line, and how many lines of the file so far carried it in a row.</summary>
    public long RunEpoch { get; init; } = -1;

    public int RunLength { get; init; }

    /// <summary>
    /// The position after <paramref name="line"/> and the line's place among the consecutive lines of its second
    /// (0 for the first). The place keeps ties in file order: event ids sort by epoch, then place.
    /// </summary>
    public (QueueLogPosition Next, int Place) After(RawLine line, string fingerprint, long? epoch)
    {
        var place = epoch is { } e && e == RunEpoch ? RunLength : 0;
        var next = this with
        {
            Fingerprint = fingerprint,
            Offset = line.NextOffset,
            Line = Line + 1,
            RunEpoch = epoch ?? RunEpoch,
            RunLength = epoch is null ? RunLength : place + 1,
        };
        return (next, place);
    }

    /// <summary>
    /// The event id of a line: <c>ast-{epoch}-{place}-{hash}</c>. Reading the same file again (after a restart, a
    /// rename, from a rotated copy) gives the same ids, so the host counts a line sent twice once; the hash of the
    /// line's text keeps two files' lines apart.
    /// </summary>
    public static string EventId(long epoch, int place, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"ast-{epoch:D10}-{place:D5}-{QueueLogNames.Hash(text, 10)}");

    public override string ToString() => $"line {Line} (byte {Offset})";
}
