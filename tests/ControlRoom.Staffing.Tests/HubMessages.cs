using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace ControlRoom.Staffing.Tests;

/// <summary>Collects a hub message type and waits for the first one that matches (the signal, not a sleep).</summary>
public static class HubMessages
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public static ChannelReader<JsonElement> Listen(HubConnection hub, string message)
    {
        var channel = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>(message, item => channel.Writer.TryWrite(item));
        return channel.Reader;
    }

    public static async Task<JsonElement> NextAsync(ChannelReader<JsonElement> reader, Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var item in reader.ReadAllAsync(timeout.Token))
        {
            if (match(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("The hub closed before the expected message.");
    }
}
