using System.Globalization;
using ControlRoom.Cli.Bank;

namespace ControlRoom.QueueLog.Tests.Bank;

/// <summary>
/// Writes an anonymous-bank month as the queue_log an Asterisk would have written for it: each queued call an
/// ENTERQUEUE, then ABANDON, or CONNECT and COMPLETECALLER, at the record's own seconds (the mapping of the data
/// folder's README, the same instants as <c>convert-bank</c>), in time order as Asterisk appends them.
/// </summary>
public static class BankQueueLog
{
    public static IReadOnlyList<string> Lines(string monthPath)
    {
        var lines = new List<(long At, string Text)>();
        foreach (var record in File.ReadLines(monthPath))
        {
            if (record.Length == 0 || record.StartsWith(BankCall.Header, StringComparison.Ordinal))
            {
                continue;
            }

            var call = BankCall.TryParse(record, out var error) ?? throw new InvalidDataException(error);
            var callId = call.InteractionId;
            var queue = call.QueueId;
            var entered = call.OfferedAt.ToUnixTimeSeconds();
            switch (call.Kind)
            {
                case BankCallKind.Abandoned:
                    var left = call.OutcomeAt.ToUnixTimeSeconds();
                    Add(entered, $"{callId}|{queue}|NONE|ENTERQUEUE|||1");
                    Add(left, $"{callId}|{queue}|NONE|ABANDON|1|1|{left - entered}");
                    break;
                case BankCallKind.Served:
                    var answered = call.OutcomeAt.ToUnixTimeSeconds();
                    var ended = call.EndedAt!.Value.ToUnixTimeSeconds();
                    var agent = $"SIP/{call.AgentId}";
                    Add(entered, $"{callId}|{queue}|NONE|ENTERQUEUE|||1");
                    Add(answered, $"{callId}|{queue}|{agent}|CONNECT|{answered - entered}|{callId}-agent|1");
                    Add(ended, $"{callId}|{queue}|{agent}|COMPLETECALLER|{answered - entered}|{ended - answered}|1");
                    break;
            }
        }

        // Stable: the lines of one call in one second keep their order.
        return [.. lines.OrderBy(l => l.At).Select(l => l.Text)];

        void Add(long at, string rest) => lines.Add((at, string.Create(CultureInfo.InvariantCulture, $"{at}|{rest}")));
    }
}
