using System.Text;

namespace ControlRoom.Cli.Ingest;

/// <summary>
/// Events waiting to be posted as one NDJSON request, each with the line of the input it came from, so a refusal
/// that names an event by its index in the request can name the line instead.
/// </summary>
public sealed class EventBatch(int maxEvents)
{
    /// <summary>Stays under the host's 10 MiB per request, whatever the batch size.</summary>
    public const int MaxBodyBytes = 9 * 1024 * 1024;

    private readonly List<string> items = new(Math.Min(maxEvents, 10_000));
    private readonly List<long> lineNumbers = new(Math.Min(maxEvents, 10_000));
    private int bytes;

    public int Count => items.Count;

    public long FirstLine => lineNumbers[0];

    public long LastLine => lineNumbers[^1];

    /// <summary>The events' JSON, one per line of the request body (<see cref="Contracts.Events.NdjsonContent"/>).</summary>
    public IReadOnlyList<string> Lines => items;

    /// <summary>Room always left for one more event the tool wrote itself (its fields are bounded, far below this).</summary>
    private const int Headroom = 64 * 1024;

    /// <summary>Full: post it before adding more. For events whose size the tool bounds (it wrote them).</summary>
    public bool IsFull => items.Count >= maxEvents || bytes >= MaxBodyBytes - Headroom;

    /// <summary>True when <paramref name="json"/> (a line of any size) no longer fits: post the batch first.</summary>
    public bool IsFullFor(string json) =>
        items.Count >= maxEvents || (items.Count > 0 && bytes + Encoding.UTF8.GetByteCount(json) + 1 > MaxBodyBytes);

    public void Add(string json, long line)
    {
        items.Add(json);
        lineNumbers.Add(line);
        bytes += Encoding.UTF8.GetByteCount(json) + 1;
    }

    /// <summary>The input line of the event at <paramref name="index"/> in the request, if there is one.</summary>
    public long? LineOf(int index) => index >= 0 && index < lineNumbers.Count ? lineNumbers[index] : null;

    public void Clear()
    {
        items.Clear();
        lineNumbers.Clear();
        bytes = 0;
    }
}
