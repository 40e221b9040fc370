using System.Globalization;
using System.Text.Json;
using ControlRoom.Cli.Ingest;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.Bank;

/// <summary>Turns anonymous-bank records into contract events with the mapping of the data folder's README.</summary>
public static class BankConverter
{
    /// <summary>How the NDJSON lines are written: camelCase, absent fields left out.</summary>
    public static JsonSerializerOptions Json => WireJson.Options;

    /// <summary>The events of one call: none for phantoms and VRU hang-ups.</summary>
    public static IReadOnlyList<IncomingEvent> ToEvents(BankCall call)
    {
        switch (call.Kind)
        {
            case BankCallKind.Abandoned:
                return [Offered(call), Event(call, EventType.InteractionAbandoned, call.OutcomeAt)];
            case BankCallKind.Served:
                var answered = Event(call, EventType.InteractionAnswered, call.OutcomeAt);
                answered.AgentId = call.AgentId;
                return [Offered(call), answered, Event(call, EventType.InteractionEnded, call.EndedAt!.Value)];
            default:
                return [];
        }
    }

    /// <summary>Reads a month file; every event, ordered by time so that a replay runs like the day did.</summary>
    public static BankConversion ConvertFile(string path)
    {
        var events = new List<(DateTimeOffset At, IncomingEvent Event)>();
        var kinds = new Dictionary<BankCallKind, int>();
        var errors = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith(BankCall.Header, StringComparison.Ordinal))
            {
                continue;
            }

            if (BankCall.TryParse(line, out var error) is not { } call)
            {
                errors.Add($"line {lineNumber}: {error}");
                continue;
            }

            kinds[call.Kind] = kinds.GetValueOrDefault(call.Kind) + 1;
            foreach (var e in ToEvents(call))
            {
                events.Add((DateTimeOffset.Parse(e.OccurredAt!, CultureInfo.InvariantCulture), e));
            }
        }

        // Stable: events of one call at the same second keep their causal order (offered, answered, ended).
        var ordered = events.OrderBy(e => e.At).Select(e => e.Event).ToList();
        return new BankConversion(ordered, kinds, errors);
    }

    public static void WriteNdjson(IEnumerable<IncomingEvent> events, TextWriter writer)
    {
        foreach (var e in events)
        {
            writer.Write(JsonSerializer.Serialize(e, Json));
            writer.Write('\n');
        }
    }

    private static IncomingEvent Offered(BankCall call)
    {
        var offered = Event(call, EventType.InteractionOffered, call.OfferedAt);
        offered.QueueId = call.QueueId;
        offered.Channel = Channel.Voice.ToWire();
        offered.Priority = call.Priority;
        return offered;
    }

    private static IncomingEvent Event(BankCall call, EventType type, DateTimeOffset at) => new()
    {
        // The id names the call and the step (offered, answered, …), so a second conversion gives the same ids
        // and a replayed month is recognised as duplicates instead of counted twice.
        EventId = $"{call.InteractionId}.{type.ToWire()["interaction.".Length..]}",
        Type = type.ToWire(),
        OccurredAt = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        InteractionId = call.InteractionId,
    };
}

/// <summary>The events of a month file, how many records of each kind it held, and the lines that were not records.</summary>
public sealed record BankConversion(
    IReadOnlyList<IncomingEvent> Events,
    IReadOnlyDictionary<BankCallKind, int> Kinds,
    IReadOnlyList<string> Errors);
