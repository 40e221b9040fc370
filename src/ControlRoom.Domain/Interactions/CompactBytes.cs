using System.Buffers.Binary;
using System.Text;

namespace ControlRoom.Domain.Interactions;

/// <summary>
/// A text is its UTF-8 bytes after their length times two, or, when the same text was written before in these
/// bytes, its index in that order times two plus one.
/// </summary>
internal sealed class CompactWriter
{
    // Texts written so far, in order; indexed once there are more than a few (a log entry's hundreds of events).
    private readonly List<string> seen = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private byte[] buffer = new byte[512];
    private int length;

    public void Reset()
    {
        seen.Clear();
        index.Clear();
        length = 0;
        if (buffer.Length > 64 * 1024)
        {
            buffer = new byte[512]; // one very long interaction does not keep its buffer on the thread for good
        }
    }

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    public void Byte(byte value)
    {
        Ensure(1);
        buffer[length++] = value;
    }

    public void Unsigned(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[length++] = (byte)value;
    }

    public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>An instant as its UTC ticks after <paramref name="fromTicks"/>, then (with <paramref name="offset"/>) its offset in minutes.</summary>
    public void Instant(DateTimeOffset at, long fromTicks, bool offset)
    {
        Signed(at.UtcTicks - fromTicks);
        if (offset)
        {
            Signed((long)at.Offset.TotalMinutes);
        }
    }

    public void Double(double value)
    {
        Ensure(sizeof(double));
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length), value);
        length += sizeof(double);
    }

    public void Text(string text)
    {
        if (IndexOf(text) is { } i)
        {
            Unsigned(((ulong)i << 1) | 1);
            return;
        }

        if (seen.Count >= Indexed)
        {
            index.TryAdd(text, seen.Count);
        }

        seen.Add(text);
        var bytes = Encoding.UTF8.GetByteCount(text);
        Unsigned((ulong)bytes << 1);
        Ensure(bytes);
        length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
    }

    // One interaction's few texts are found faster by a look along the list than by hashing.
    private const int Indexed = 16;

    private int? IndexOf(string text)
    {
        for (var i = 0; i < Math.Min(seen.Count, Indexed); i++)
        {
            if (string.Equals(seen[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return seen.Count > Indexed && index.TryGetValue(text, out var at) ? at : null;
    }

    private void Ensure(int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}

internal struct CompactReader(byte[] bytes, int position)
{
    private List<string>? seen;

    public readonly bool AtEnd => position == bytes.Length;

    public ulong Unsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new ArgumentException("A number in the packed bytes is too long.");
    }

    public long Signed()
    {
        var raw = Unsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>An instant written by <see cref="CompactWriter.Instant"/>; without its offset it is in UTC.</summary>
    public DateTimeOffset Instant(long fromTicks, bool offset)
    {
        var ticks = fromTicks + Signed();
        var minutes = offset ? TimeSpan.FromMinutes(Signed()) : TimeSpan.Zero;
        return new DateTimeOffset(ticks + minutes.Ticks, minutes);
    }

    public double Double()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(position));
        position += sizeof(double);
        return value;
    }

    public string Text()
    {
        seen ??= [];
        var tag = Unsigned();
        if ((tag & 1) != 0)
        {
            return seen[checked((int)(tag >> 1))];
        }

        var length = checked((int)(tag >> 1));
        var text = Encoding.UTF8.GetString(bytes, position, length);
        position += length;
        seen.Add(text);
        return text;
    }
}
