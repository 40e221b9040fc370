using System.Globalization;
using System.Text.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Ingest.Benchmarks;

/// <summary>Reads an NDJSON file of contract events, validated as the host validates them (not timed).</summary>
internal static class EventFile
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static EventStream Read(string path) =>
        FromLines(Path.GetFileName(path), [.. File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))]);

    public static EventStream FromLines(string name, List<string> lines)
    {
        var events = new List<ContactEvent>(lines.Count);
        var errors = new List<string>();
        foreach (var line in lines)
        {
            var incoming = JsonSerializer.Deserialize<IncomingEvent>(line, Wire)!;
            events.Add(EventValidator.Validate(incoming, errors)
                ?? throw new InvalidDataException($"{name}: {string.Join("; ", errors)}"));
        }

        return new EventStream(name, events, lines);
    }

    public static string ToLine(IncomingEvent e) => JsonSerializer.Serialize(e, Wire);

    /// <summary>
    /// The streams again, as a later round of the same traffic: every instant moved on by <paramref name="round"/> times
    /// the whole days they span, and every id given the round's suffix, so nothing is a duplicate of an earlier round.
    /// </summary>
    public static IEnumerable<EventStream> Later(IReadOnlyList<EventStream> streams, int round)
    {
        var first = streams.SelectMany(s => s.Events).Min(e => e.OccurredAt);
        var last = streams.SelectMany(s => s.Events).Max(e => e.OccurredAt);
        var shift = TimeSpan.FromDays(Math.Ceiling((last - first).TotalDays) * round);
        var suffix = string.Create(CultureInfo.InvariantCulture, $"~{round}");
        foreach (var stream in streams)
        {
            yield return FromLines(string.Create(CultureInfo.InvariantCulture, $"{stream.Name}+{round}"), [.. stream.Lines.Select(line =>
            {
                var e = JsonSerializer.Deserialize<IncomingEvent>(line, Wire)!;
                e.EventId += suffix;
                e.InteractionId = e.InteractionId is null ? null : e.InteractionId + suffix;
                e.OccurredAt = (DateTimeOffset.Parse(e.OccurredAt!, CultureInfo.InvariantCulture) + shift).ToString("O", CultureInfo.InvariantCulture);
                return ToLine(e);
            })]);
        }
    }
}

internal sealed record EventStream(string Name, List<ContactEvent> Events, List<string> Lines);

/// <summary>A synthetic month of voice calls: six queues, sixty agents, offered/answered/ended/wrap-up or abandoned.</summary>
internal static class Generated
{
    public static EventStream Month(int seed, int month, int callsPerDay = 1000, int days = 28, string queuePrefix = "q")
    {
        var random = new Random(seed);
        var events = new List<(DateTimeOffset At, IncomingEvent Event)>();
        var start = new DateTimeOffset(2025, month, 1, 6, 0, 0, TimeSpan.Zero);
        void Add(string id, string suffix, string type, DateTimeOffset at, string? queue = null, string? agent = null) =>
            events.Add((at, new IncomingEvent
            {
                EventId = id + suffix,
                Type = type,
                OccurredAt = at.ToString("O", CultureInfo.InvariantCulture),
                InteractionId = id,
                QueueId = queue,
                Channel = queue is null ? null : "voice",
                AgentId = agent,
            }));

        for (var day = 0; day < days; day++)
        {
            for (var call = 0; call < callsPerDay; call++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"g{seed}-{day}-{call}");
                var offered = start.AddDays(day).AddSeconds(call * 50.0 + random.Next(0, 40));
                Add(id, ".o", "interaction.offered", offered, queue: queuePrefix + random.Next(6).ToString(CultureInfo.InvariantCulture));
                if (random.NextDouble() < 0.1)
                {
                    Add(id, ".x", "interaction.abandoned", offered.AddSeconds(random.Next(1, 120)));
                    continue;
                }

                var answered = offered.AddSeconds(random.Next(0, 60));
                var ended = answered.AddSeconds(random.Next(30, 600));
                Add(id, ".a", "interaction.answered", answered, agent: "a" + random.Next(60).ToString(CultureInfo.InvariantCulture));
                Add(id, ".e", "interaction.ended", ended);
                Add(id, ".w", "interaction.wrapup_ended", ended.AddSeconds(random.Next(5, 90)));
            }
        }

        // Arrival order is event-time order, as a recorded feed replays.
        return EventFile.FromLines($"generated-{month}", [.. events.OrderBy(e => e.At).Select(e => EventFile.ToLine(e.Event))]);
    }
}
