using System.Buffers;
using System.Text.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Ingest;

/// <summary>
/// Reads a request body of events (a JSON array, or NDJSON) element by element, so a malformed element is
/// reported by its index along with every other bad one instead of failing the whole document. The body is
/// strict: exactly one array (or lines of one object each) and nothing after it but whitespace, so no reader
/// can see in it more, or other, events than this one did.
/// </summary>
internal static class EventBatchReader
{
    public const int MaxEvents = 10_000;
    public const int MaxBytes = 10 * 1024 * 1024;

    public static async Task<EventBatch> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBytes)
                    {
                        return EventBatch.Rejected(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes / 1024 / 1024} MiB.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1024));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > MaxBytes)
            {
                return EventBatch.Rejected(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes / 1024 / 1024} MiB.");
            }

            var body = buffer.AsSpan(0, length);
            var isNdjson = request.ContentType?.Contains("ndjson", StringComparison.OrdinalIgnoreCase) == true;
            return isNdjson ? ReadLines(body) : ReadArray(body);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EventBatch ReadArray(ReadOnlySpan<byte> body)
    {
        var items = new List<ParsedEvent>();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return EventBatch.Rejected(StatusCodes.Status400BadRequest, "The body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson).");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count == MaxEvents)
                {
                    return TooMany();
                }

                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                items.Add(isObject ? Parse(body[start..(int)reader.BytesConsumed]) : new ParsedEvent(null, "an event must be a JSON object"));
            }

            // The reader throws on anything but whitespace after the array: "[…] x", "[…][", "[…]\0", "[…][…]".
            if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                return EventBatch.Rejected(StatusCodes.Status400BadRequest, "The body must be exactly one JSON array of events, with nothing after it.");
            }
        }
        catch (JsonException ex)
        {
            return EventBatch.Rejected(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {ex.Message}");
        }

        return new EventBatch(items);
    }

    private static EventBatch ReadLines(ReadOnlySpan<byte> body)
    {
        var items = new List<ParsedEvent>();
        foreach (var range in body.Split((byte)'\n'))
        {
            var line = body[range].TrimEnd((byte)'\r');
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (items.Count == MaxEvents)
            {
                return TooMany();
            }

            items.Add(Parse(line));
        }

        return new EventBatch(items);
    }

    private static ParsedEvent Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(json, EventJsonContext.Default.IncomingEvent);
            return parsed is null ? new ParsedEvent(null, "an event must be a JSON object") : new ParsedEvent(parsed, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            return new ParsedEvent(null, field switch
            {
                null => $"not a valid JSON event ({ex.Message})",
                _ when ex.Message.StartsWith("Duplicate propert", StringComparison.Ordinal) => $"{field} is given more than once",
                _ => $"{field} has the wrong type or format",
            });
        }
    }

    private static EventBatch TooMany() =>
        EventBatch.Rejected(StatusCodes.Status413PayloadTooLarge, $"At most {MaxEvents} events per request.");
}

internal sealed record ParsedEvent(IncomingEvent? Event, string? Error);

internal sealed record EventBatch(IReadOnlyList<ParsedEvent> Items)
{
    public int? RejectStatus { get; init; }
    public string? RejectReason { get; init; }

    public static EventBatch Rejected(int status, string reason) => new([]) { RejectStatus = status, RejectReason = reason };
}
