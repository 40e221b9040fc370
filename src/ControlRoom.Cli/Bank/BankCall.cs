using System.Globalization;

namespace ControlRoom.Cli.Bank;

/// <summary>What one anonymous-bank record means for the queues (see the data folder's README).</summary>
public enum BankCallKind
{
    /// <summary>A virtual call (outcome PHANTOM): no events.</summary>
    Phantom,

    /// <summary>Hung up inside the voice response unit, never offered to a queue: no events.</summary>
    HungUpInVru,

    /// <summary>Hung up while waiting in the queue: offered and abandoned.</summary>
    Abandoned,

    /// <summary>Served by an agent: offered, answered and ended.</summary>
    Served,
}

/// <summary>One record of the anonymous-bank data, with its clock times turned into instants.</summary>
/// <remarks>
/// Times are the record's <c>date</c> plus the column's H:MM:SS, read as UTC (the README's mapping). A time more
/// than 12 hours earlier than the one before it in the record crossed midnight and lies on the next day; a
/// smaller step back is the source's clock skew (negative VRU time, service starting a second before the queue
/// exit) and is kept as it is, because the domain clamps every duration at zero.
/// </remarks>
public sealed record BankCall(string InteractionId, string QueueId, int Priority, BankCallKind Kind)
{
    public const string Header = "vru+line";

    /// <summary>A step back larger than this between two times of a record is a midnight crossing.</summary>
    public static readonly TimeSpan MidnightStep = TimeSpan.FromHours(12);

    public DateTimeOffset OfferedAt { get; init; }

    /// <summary>Abandoned: when the caller hung up. Served: when the agent answered.</summary>
    public DateTimeOffset OutcomeAt { get; init; }

    /// <summary>Served: when the conversation ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public string? AgentId { get; init; }

    /// <summary>Parses one data line; the reason why not when it is not a valid record.</summary>
    public static BankCall? TryParse(string line, out string? error)
    {
        error = null;
        var c = line.Split('\t');
        if (c.Length != 17)
        {
            error = $"expected 17 tab-separated columns, found {c.Length}";
            return null;
        }

        if (!TryDate(c[5], out var date))
        {
            error = $"date '{c[5]}' is not YYMMDD";
            return null;
        }

        var times = new TimeSpan?[6];
        int[] columns = [6, 7, 9, 10, 13, 14];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!TryClock(c[columns[i]], out var t))
            {
                error = $"column {columns[i] + 1} '{c[columns[i]]}' is not H:MM:SS";
                return null;
            }

            times[i] = t;
        }

        var interactionId = $"{c[0]}-{c[1]}-{c[5]}";
        var queue = c[4];
        var priority = int.TryParse(c[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        var call = new BankCall(interactionId, queue, priority, BankCallKind.Phantom);
        var queued = times[2] != TimeSpan.Zero;
        switch (c[12])
        {
            case "PHANTOM":
                return call;
            case "HANG" when !queued:
                return call with { Kind = BankCallKind.HungUpInVru };
            case "HANG":
                // Service columns of a HANG record are ignored: the caller hung up, nobody served the call.
                var hang = Instants(date, times[0], times[1], times[2], times[3]);
                return call with { Kind = BankCallKind.Abandoned, OfferedAt = hang[2]!.Value, OutcomeAt = hang[3]!.Value };
            case "AGENT":
                // Service columns both 0:00:00 mean the service times are missing: the agent took the call
                // when it left the queue (or the VRU) and the handle time is unknown, counted as zero.
                var serviceKnown = times[4] != TimeSpan.Zero || times[5] != TimeSpan.Zero;
                var at = Instants(date, times[0], times[1], queued ? times[2] : null, queued ? times[3] : null,
                    serviceKnown ? times[4] : null, serviceKnown ? times[5] : null);
                var offered = queued ? at[2]!.Value : at[1]!.Value;
                var pickedUp = queued ? at[3]!.Value : at[1]!.Value;
                return call with
                {
                    Kind = BankCallKind.Served,
                    OfferedAt = offered,
                    OutcomeAt = serviceKnown ? at[4]!.Value : pickedUp,
                    EndedAt = serviceKnown ? at[5]!.Value : pickedUp,
                    AgentId = c[16],
                };
            default:
                error = $"outcome '{c[12]}' is not AGENT, HANG or PHANTOM";
                return null;
        }
    }

    /// <summary>The instants of the given clock times (null: absent), in record order, across midnight.</summary>
    private static DateTimeOffset?[] Instants(DateTimeOffset date, params TimeSpan?[] clocks)
    {
        var result = new DateTimeOffset?[clocks.Length];
        DateTimeOffset? previous = null;
        var day = date;
        for (var i = 0; i < clocks.Length; i++)
        {
            if (clocks[i] is not { } clock)
            {
                continue;
            }

            var at = day + clock;
            while (previous is { } before && at < before - MidnightStep)
            {
                day = day.AddDays(1);
                at = day + clock;
            }

            result[i] = at;
            previous = at;
        }

        return result;
    }

    private static bool TryDate(string text, out DateTimeOffset date)
    {
        date = default;
        if (!DateTime.TryParseExact(text, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    private static bool TryClock(string text, out TimeSpan time)
    {
        time = default;
        var parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || h > 23 || m > 59 || s > 59)
        {
            return false;
        }

        time = new TimeSpan(h, m, s);
        return true;
    }
}
