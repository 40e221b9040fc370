using ControlRoom.Cli.QueueLog;
using ControlRoom.Contracts.Events;

namespace ControlRoom.QueueLog.Tests.Mapping;

/// <summary>Runs queue_log lines through the connector's parser, ids and mapper, the way the command reads a file.</summary>
public static class Mapped
{
    /// <summary>One result per line, in order; every event checked with the host's own validator.</summary>
    public static IReadOnlyList<MappedLine> Lines(params string[] lines) => Lines(new AgentRoster(), lines);

    public static IReadOnlyList<MappedLine> Lines(AgentRoster roster, params string[] lines)
    {
        var mapper = new QueueLogMapper(roster);
        var position = QueueLogPosition.Start;
        var results = new List<MappedLine>();
        long offset = 0;
        foreach (var text in lines)
        {
            var raw = new RawLine(offset, offset + text.Length + 1, text);
            offset = raw.NextOffset;
            var line = QueueLogLine.TryParse(text, out var error) ?? throw new InvalidOperationException($"'{text}': {error}");
            (position, var place) = position.After(raw, "f", line.Epoch);
            var mapped = mapper.Map(line, QueueLogPosition.EventId(line.Epoch, place, text));
            if (mapped.Event is { } e)
            {
                var errors = new List<string>();
                EventValidator.Validate(e, errors).Should().NotBeNull("'{0}' must give a valid contract event: {1}", text, string.Join("; ", errors));
            }

            results.Add(mapped);
        }

        return results;
    }

    /// <summary>The single event of a single line.</summary>
    public static IncomingEvent Event(string line) =>
        Lines(line).Single().Event ?? throw new InvalidOperationException($"'{line}' gave no event");
}
