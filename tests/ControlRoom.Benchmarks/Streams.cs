using System.Globalization;
using System.Text.Json;
using ControlRoom.Contracts.Events;
using ControlRoom.Domain.Events;

namespace ControlRoom.Benchmarks;

/// <summary>Reads an NDJSON file of contract events, validated as the host validates them (not timed).</summary>
internal static class EventFile
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static EventStream Read(string path)
    {
        var lines = File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var events = new List<ContactEvent>(lines.Count);
        var errors = new List<string>();
        foreach (var line in lines)
        {
            var incoming = JsonSerializer.Deserialize<IncomingEvent>(line, Wire)!;
            events.Add(EventValidator.Validate(incoming, errors)
                ?? throw new InvalidDataException($"{path}: {string.Join("; ", errors)}"));
        }

        return new EventStream(Path.GetFileName(path), events, lines);
    }

    /// <summary>The contract's NDJSON line for a generated event.</summary>
    public static string ToLine(ContactEvent e) => JsonSerializer.Serialize(new IncomingEvent
    {
        EventId = e.EventId,
        Type = e.Type.ToWire(),
        OccurredAt = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        InteractionId = e.InteractionId,
        QueueId = e.QueueId,
        Channel = e.Channel?.ToWire(),
        AgentId = e.AgentId,
        State = e.State?.ToWire(),
    }, Wire);
}

internal sealed record EventStream(string Name, List<ContactEvent> Events, List<string> Lines);

/// <summary>A synthetic month of voice calls: six queues, sixty agents, offered/answered/ended/wrap-up or abandoned.</summary>
internal static class Generated
{
    public static EventStream Month(int seed, int month, int callsPerDay = 1000)
    {
        var random = new Random(seed);
        var events = new List<ContactEvent>();
        var start = new DateTimeOffset(2025, month, 1, 6, 0, 0, TimeSpan.Zero);
        for (var day = 0; day < 28; day++)
        {
            for (var call = 0; call < callsPerDay; call++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"g{seed}-{day}-{call}");
                var offered = start.AddDays(day).AddSeconds(call * 50.0 + random.Next(0, 40));
                var queue = "q" + random.Next(6).ToString(CultureInfo.InvariantCulture);
                events.Add(new ContactEvent(id + ".o", EventType.InteractionOffered, offered)
                    { InteractionId = id, QueueId = queue, Channel = Channel.Voice });
                if (random.NextDouble() < 0.1)
                {
                    events.Add(new ContactEvent(id + ".x", EventType.InteractionAbandoned, offered.AddSeconds(random.Next(1, 120))) { InteractionId = id });
                    continue;
                }

                var answered = offered.AddSeconds(random.Next(0, 60));
                var ended = answered.AddSeconds(random.Next(30, 600));
                var agent = "a" + random.Next(60).ToString(CultureInfo.InvariantCulture);
                events.Add(new ContactEvent(id + ".a", EventType.InteractionAnswered, answered) { InteractionId = id, AgentId = agent });
                events.Add(new ContactEvent(id + ".e", EventType.InteractionEnded, ended) { InteractionId = id });
                events.Add(new ContactEvent(id + ".w", EventType.InteractionWrapupEnded, ended.AddSeconds(random.Next(5, 90))) { InteractionId = id });
            }
        }

        // Arrival order is event-time order, as a recorded feed replays.
        events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return new EventStream($"generated-{month}", events, [.. events.Select(EventFile.ToLine)]);
    }
}
