using System.Text.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.Replay;

/// <summary>One non-blank line of an NDJSON file, with its 1-based line number.</summary>
public readonly record struct EventLine(int Number, string Text, ContactEvent Event);

/// <summary>Reads and validates NDJSON event files line by line, with the host's own validator.</summary>
public static class EventLines
{
    /// <summary>The valid event on <paramref name="text"/>, or null and the reasons why not.</summary>
    public static ContactEvent? Validate(string text, List<string> errors)
    {
        IncomingEvent? incoming;
        try
        {
            // The host's own reading (strict JSON, no property twice), so a file that passes here passes there.
            incoming = JsonSerializer.Deserialize(text, EventJsonContext.Default.IncomingEvent);
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path is { Length: > 2 } path
                ? $"{path.TrimStart('$', '.')} has the wrong type or format"
                : $"not a JSON object ({ex.Message})");
            return null;
        }

        if (incoming is null)
        {
            errors.Add("an event must be a JSON object, not null");
            return null;
        }

        return EventValidator.Validate(incoming, errors);
    }

    /// <summary>Validates the whole file before anything is sent: how many events it holds and its first bad lines.</summary>
    public static LineScan Scan(string path, int keepErrors)
    {
        var events = 0;
        var badCount = 0;
        var bad = new List<BadLineException>();
        foreach (var line in Validated(path))
        {
            if (line.Event is not null)
            {
                events++;
            }
            else if (++badCount <= keepErrors)
            {
                bad.Add(new BadLineException(line.Number, line.Error!));
            }
        }

        return new LineScan(events, badCount, bad);
    }

    /// <summary>Every event of the file in order; the first invalid line stops the read with <see cref="BadLineException"/>.</summary>
    public static IEnumerable<EventLine> Read(string path) =>
        Validated(path).Select(line => line.Event is { } valid
            ? new EventLine(line.Number, line.Text, valid)
            : throw new BadLineException(line.Number, line.Error!));

    private static IEnumerable<(int Number, string Text, ContactEvent? Event, string? Error)> Validated(string path)
    {
        var number = 0;
        var errors = new List<string>();
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            errors.Clear();
            var valid = Validate(text, errors);
            yield return (number, text, valid, valid is null ? string.Join("; ", errors) : null);
        }
    }
}

/// <summary>What a validation pass over a file found.</summary>
public sealed record LineScan(int Events, int BadCount, IReadOnlyList<BadLineException> FirstBad);

/// <summary>A line of the input that is not a valid contract event.</summary>
public sealed class BadLineException(int line, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
