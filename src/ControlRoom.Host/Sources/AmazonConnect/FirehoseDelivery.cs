using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// One Amazon Data Firehose HTTP endpoint delivery, read and mapped: <c>{requestId, timestamp, records:[{data}]}</c>
/// with each record's data in base64 (see docs/sources/amazon-connect.md). A record is the unit of failure: one that
/// cannot be decoded, or whose events the contract refuses, is reported and left out; the others go in.
/// </summary>
public sealed class FirehoseDelivery
{
    /// <summary>Firehose sends at most this many records per request.</summary>
    public const int MaxRecords = 10_000;

    /// <summary>Firehose records hold at most 1,000 KiB; a gzip record may expand to this much, no more.</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    /// <summary>JSON documents in one record (producers may put several in one, newline-delimited).</summary>
    public const int MaxDocumentsPerRecord = 1_000;

    private FirehoseDelivery(string? requestId) => RequestId = requestId;

    public string? RequestId { get; }

    /// <summary>The valid events of every good record, in record order.</summary>
    public List<ContactEvent> Events { get; } = [];

    public int Records { get; private set; }

    /// <summary>JSON documents that mean nothing to ControlRoom (heartbeats, event types it does not count).</summary>
    public int Ignored { get; private set; }

    /// <summary>Records refused: index in the request and why.</summary>
    public List<RejectedRecord> Rejected { get; } = [];

    /// <summary>Reads the request body; null with <paramref name="error"/> when the body is not a Firehose delivery.</summary>
    public static FirehoseDelivery? Read(ReadOnlySpan<byte> body, ConnectRecordMapper mapper, out string? error)
    {
        FirehoseRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, FirehoseJsonContext.Default.FirehoseRequest);
        }
        catch (JsonException ex)
        {
            error = $"The body is not a Firehose delivery (JSON {{requestId, timestamp, records}}): {ex.Message}";
            return null;
        }

        if (request?.Records is not { } records)
        {
            error = "The body has no records array.";
            return null;
        }

        if (records.Count > MaxRecords)
        {
            error = $"At most {MaxRecords} records per request.";
            return null;
        }

        error = null;
        var delivery = new FirehoseDelivery(request.RequestId) { Records = records.Count };
        for (var index = 0; index < records.Count; index++)
        {
            delivery.Add(index, records[index]?.Data, mapper);
        }

        return delivery;
    }

    private void Add(int index, string? data, ConnectRecordMapper mapper)
    {
        if (string.IsNullOrEmpty(data))
        {
            Ignored++; // Firehose permits empty records.
            return;
        }

        if (Decode(data) is not { } bytes)
        {
            Rejected.Add(new RejectedRecord(index, "data is not base64 (or a gzip member larger than allowed)"));
            return;
        }

        var mapped = new List<IncomingEvent>();
        var ignored = 0;
        var documents = 0;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                if (++documents > MaxDocumentsPerRecord)
                {
                    Rejected.Add(new RejectedRecord(index, $"more than {MaxDocumentsPerRecord} JSON documents in one record"));
                    return;
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var mapping = mapper.Map(document.RootElement);
                if (mapping.Error is { } problem)
                {
                    Rejected.Add(new RejectedRecord(index, problem));
                    return;
                }

                ignored += mapping.Ignored is null ? 0 : 1;
                mapped.AddRange(mapping.Events);
            }
        }
        catch (JsonException ex)
        {
            Rejected.Add(new RejectedRecord(index, $"data is not JSON: {ex.Message}"));
            return;
        }

        var invalid = new List<InvalidEventReport>();
        if (SourceMapping.Validate(mapped, invalid) is not { } valid)
        {
            Rejected.Add(new RejectedRecord(index, string.Join(" | ", invalid)));
            return;
        }

        Ignored += documents == 0 ? 1 : ignored;
        Events.AddRange(valid);
    }

    /// <summary>Base64 to bytes; a gzip member (a producer that compresses its records) is expanded, within a bound.</summary>
    private static byte[]? Decode(string data)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var expanded = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (expanded.Length + read > MaxRecordBytes)
                {
                    return null;
                }

                expanded.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }

        return expanded.ToArray();
    }
}

public sealed record RejectedRecord(int Index, string Reason);

internal sealed class FirehoseRequest
{
    public string? RequestId { get; set; }
    public long? Timestamp { get; set; }
    public List<FirehoseRecord?>? Records { get; set; }
}

internal sealed class FirehoseRecord
{
    public string? Data { get; set; }
}

/// <summary>The answer Firehose requires: its request id, our time in milliseconds, and on failure a message.</summary>
internal sealed record FirehoseResponse(string RequestId, long Timestamp)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorMessage { get; init; }

    // RFC 9457 members beside Firehose's own, so the same body is a problem document for people reading it.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FirehoseRequest))]
[JsonSerializable(typeof(FirehoseResponse))]
internal sealed partial class FirehoseJsonContext : JsonSerializerContext;
