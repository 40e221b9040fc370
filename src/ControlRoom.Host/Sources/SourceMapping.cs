using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources;

/// <summary>
/// What one platform message means in the contract: events, or nothing (a message ControlRoom does not count, with
/// the reason), or an error (the message is malformed for its kind).
/// </summary>
public sealed record SourceMapping(IReadOnlyList<IncomingEvent> Events, string? Ignored = null, string? Error = null)
{
    public static SourceMapping Of(params IncomingEvent[] events) => new(events);

    public static SourceMapping Ignore(string reason) => new([], Ignored: reason);

    public static SourceMapping Fail(string error) => new([], Error: error);

    /// <summary>
    /// Validates every event with the contract's validator, all or nothing: the valid events, or null with every
    /// problem in <paramref name="invalid"/> (index and event id as <c>POST /api/events</c> reports them).
    /// </summary>
    public static List<ContactEvent>? Validate(IReadOnlyList<IncomingEvent> events, List<InvalidEventReport> invalid)
    {
        var valid = new List<ContactEvent>(events.Count);
        var errors = new List<string>();
        for (var index = 0; index < events.Count; index++)
        {
            errors.Clear();
            if (EventValidator.Validate(events[index], errors) is { } ok)
            {
                valid.Add(ok);
            }
            else
            {
                invalid.Add(new InvalidEventReport(index, events[index].EventId, [.. errors]));
            }
        }

        return invalid.Count == 0 ? valid : null;
    }
}

public sealed record InvalidEventReport(int Index, string? EventId, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"event {Index} ({EventId}): {string.Join("; ", Errors)}";
}
