using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ControlRoom.Contracts.Events;

/// <summary>
/// A request body of events, one JSON object per line (<c>application/x-ndjson</c>), written to the connection as
/// UTF-8 a buffer at a time, straight from the lines. Joined into one string and then encoded, a batch of 5,000
/// events was two arrays of 1–2 MB per request, both in the large-object heap, so the sender's process ran a full
/// (gen-2) collection every few requests; on a host that also sends (the ingest benchmark, a connector beside it),
/// those collections paused the host as well.
/// </summary>
public sealed class NdjsonContent : HttpContent
{
    public const string MediaType = "application/x-ndjson";

    private const int BufferSize = 32 * 1024;

    private readonly IReadOnlyList<string> lines;

    /// <param name="lines">One event's JSON each, without its line break; the content reads them when it is sent.</param>
    public NdjsonContent(IReadOnlyList<string> lines)
    {
        this.lines = lines;
        Headers.ContentType = new MediaTypeHeaderValue(MediaType) { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var used = 0;
            foreach (var line in lines)
            {
                var most = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
                if (used + most > buffer.Length && used > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                    used = 0;
                }

                if (most > buffer.Length)
                {
                    // A line longer than the buffer: encoded on its own.
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
                    continue;
                }

                used += Encoding.UTF8.GetBytes(line, buffer.AsSpan(used));
                buffer[used++] = (byte)'\n';
            }

            if (used > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The exact length, so the body goes with a <c>Content-Length</c> rather than chunked.</summary>
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        foreach (var line in lines)
        {
            length += Encoding.UTF8.GetByteCount(line) + 1;
        }

        return true;
    }
}
