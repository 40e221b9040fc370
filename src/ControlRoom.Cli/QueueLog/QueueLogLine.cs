using System.Globalization;

namespace ControlRoom.Cli.QueueLog;

/// <summary>
/// One line of Asterisk's queue_log file as <c>ast_queue_log</c> (main/logger.c) writes it:
/// <c>epoch|callid|queuename|agent|EVENT|data1|data2|…</c>. The epoch is <c>time(NULL)</c>, UTC seconds, whatever
/// <c>queue_log_realtime_use_gmt</c> says (that setting only shapes the realtime database's time column). Callid,
/// queue and agent hold <c>NONE</c> when an event has none; callid may also be <c>REALTIME</c>, <c>MANAGER</c> or
/// <c>CLI</c> for membership changes from those places.
/// </summary>
public sealed record QueueLogLine(long Epoch, string CallId, string Queue, string Agent, string Event, IReadOnlyList<string> Data)
{
    /// <summary>No queue_log line is older than Asterisk, nor later than the year 9999.</summary>
    private const long LatestEpoch = 253_402_300_799;

    /// <summary>The line, or null and why it is not a queue_log line.</summary>
    public static QueueLogLine? TryParse(string text, out string? error)
    {
        var fields = text.TrimEnd('\r').Split('|');
        if (fields.Length < 5)
        {
            error = $"expected at least 5 fields separated by '|' (epoch|callid|queue|agent|EVENT), found {fields.Length}";
            return null;
        }

        if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch > LatestEpoch)
        {
            error = $"'{Clip(fields[0])}' is not a Unix time in seconds";
            return null;
        }

        if (fields[4].Length == 0)
        {
            error = "the event name is empty";
            return null;
        }

        error = null;
        return new QueueLogLine(epoch, fields[1], fields[2], fields[3], fields[4], fields[5..]);
    }

    /// <summary>The n-th data field (0-based), or "" when the line has fewer (older Asterisk versions write fewer).</summary>
    public string DataAt(int index) => index < Data.Count ? Data[index] : "";

    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeSeconds(Epoch);

    private static string Clip(string value) => value.Length <= 30 ? value : value[..30] + "…";
}
