using System.Net.WebSockets;
using System.Text;

namespace ControlRoom.Benchmarks;

/// <summary>
/// A wall board as the host sees one: a SignalR connection (JSON protocol over WebSockets) that follows every queue and
/// counts the <c>queueUpdated</c> messages it receives without parsing them. Real boards run on machines of their own;
/// here they share the host's two cores, so each must cost the load tool as little as possible, or the tool measures
/// itself (200 full clients parsing every message took more CPU than the host).
/// </summary>
public sealed class CountingBoard : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] QueueUpdated = Encoding.UTF8.GetBytes("\"target\":\"queueUpdated\"");
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private Task? reading;
    private long received;

    public long Received => Interlocked.Read(ref received);

    public async Task StartAsync(string url, string apiKey)
    {
        socket.Options.SetRequestHeader("X-Api-Key", apiKey);
        var uri = new UriBuilder(new Uri(new Uri(url), "/hubs/wallboard")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(uri, stop.Token); // negotiation skipped, as clients configured for WebSockets only do
        await SendAsync("""{"protocol":"json","version":1}""");
        await SendAsync("""{"type":1,"invocationId":"0","target":"Subscribe","arguments":[["*"]]}""");
        reading = ReadAsync();
    }

    /// <summary>A ping, so the host does not time the connection out (it expects a message from a client every 30 s).</summary>
    public Task PingAsync() => SendAsync("""{"type":6}""");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (reading is not null)
        {
            try
            {
                await reading;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // closed
            }
        }

        socket.Dispose();
        stop.Dispose();
    }

    private Task SendAsync(string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + (char)RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, stop.Token);

    /// <summary>Counts messages whose first bytes name <c>queueUpdated</c> (the protocol writes the target before the arguments).</summary>
    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var head = new byte[64];
        var headLength = 0;
        while (!stop.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var span = buffer.AsSpan(0, result.Count);
            while (!span.IsEmpty)
            {
                var end = span.IndexOf(RecordSeparator);
                var part = end < 0 ? span : span[..end];
                var take = Math.Min(part.Length, head.Length - headLength);
                part[..take].CopyTo(head.AsSpan(headLength));
                headLength += take;
                if (end < 0)
                {
                    break;
                }

                if (head.AsSpan(0, headLength).IndexOf(QueueUpdated) >= 0)
                {
                    Interlocked.Increment(ref received);
                }

                headLength = 0;
                span = span[(end + 1)..];
            }
        }
    }
}
