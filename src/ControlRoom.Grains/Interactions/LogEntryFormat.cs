using System.Buffers.Binary;
using System.Text;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;
using Orleans.Serialization;

namespace ControlRoom.Grains.Interactions;

/// <summary>
/// The bytes of an ingest log entry: a short header (arrival, newest event, source) and the events as the compact
/// packer packs them. The general serializer tracks every object and string it writes by reference, which made
/// writing a request's 5,000 events take 5-7 ms, more than its commit. Entries logged by earlier versions hold the
/// general serializer's bytes, whose first byte is never <see cref="Format"/>, and are still read.
/// </summary>
public static class LogEntryFormat
{
    /// <summary>The first byte of this format.</summary>
    public const byte Format = 0x02;

    private const byte HasNewest = 1;
    private const byte HasSource = 2;

    // An instant: its UTC ticks and its offset in minutes.
    private const int Instant = 8 + 2;

    public static byte[] Write(LogBatch batch)
    {
        var events = CompactEventPacker.Instance.Pack(batch.Events as List<ContactEvent> ?? [.. batch.Events]);
        var flags = (byte)((batch.NewestOccurredAt is null ? 0 : HasNewest) | (batch.Source is null ? 0 : HasSource));
        var sourceBytes = batch.Source is { } source ? Encoding.UTF8.GetByteCount(source) : 0;
        var length = 2 + Instant + (batch.NewestOccurredAt is null ? 0 : Instant) + (batch.Source is null ? 0 : 4 + sourceBytes) + events.Length;
        var bytes = new byte[length];
        bytes[0] = Format;
        bytes[1] = flags;
        var at = 2;
        at += WriteInstant(bytes.AsSpan(at), batch.ReceivedAt);
        if (batch.NewestOccurredAt is { } newest)
        {
            at += WriteInstant(bytes.AsSpan(at), newest);
        }

        if (batch.Source is { } text)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), sourceBytes);
            at += 4;
            at += Encoding.UTF8.GetBytes(text, bytes.AsSpan(at));
        }

        events.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    public static LogBatch Read(byte[] payload, Serializer serializer)
    {
        if (payload.Length == 0 || payload[0] != Format)
        {
            return serializer.Deserialize<LogBatch>(payload)!;
        }

        var flags = payload[1];
        var at = 2;
        var receivedAt = ReadInstant(payload.AsSpan(at));
        at += Instant;
        DateTimeOffset? newest = null;
        if ((flags & HasNewest) != 0)
        {
            newest = ReadInstant(payload.AsSpan(at));
            at += Instant;
        }

        string? source = null;
        if ((flags & HasSource) != 0)
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at));
            at += 4;
            source = Encoding.UTF8.GetString(payload, at, count);
            at += count;
        }

        return new LogBatch(receivedAt, CompactEventPacker.Instance.Unpack(payload[at..])) { Source = source, NewestOccurredAt = newest };
    }

    private static int WriteInstant(Span<byte> bytes, DateTimeOffset value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[8..], checked((short)value.Offset.TotalMinutes));
        return Instant;
    }

    private static DateTimeOffset ReadInstant(ReadOnlySpan<byte> bytes)
    {
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(bytes[8..]));
        return new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes) + offset.Ticks, offset);
    }
}
