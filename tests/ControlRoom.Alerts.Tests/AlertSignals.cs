using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Alerts.Tests;

/// <summary>
/// Follows <c>alertChanged</c> on the wall board hub, so a test waits for the server's own signal instead of
/// polling; and breaches a queue the way a source would (a contact waiting past the critical wait).
/// </summary>
public sealed class AlertSignals : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<JsonElement> changes = Channel.CreateUnbounded<JsonElement>();
    private readonly HubConnection hub;

    private AlertSignals(HubConnection hub)
    {
        this.hub = hub;
        hub.On<JsonElement>("alertChanged", change => changes.Writer.TryWrite(change));
    }

    public static async Task<AlertSignals> StartAsync(ControlRoomHost host)
    {
        var signals = new AlertSignals(host.Hub());
        await signals.hub.StartAsync();
        await signals.hub.InvokeAsync("Subscribe", new[] { "*" });
        return signals;
    }

    /// <summary>Posts a contact offered 150 s ago: the default longest-wait rule (critical at 120 s) fires at once.</summary>
    public static async Task BreachAsync(ControlRoomHost host, string queueId)
    {
        using var client = host.ApiClient();
        await client.PostAcceptedAsync(Offered($"{queueId}-call", queueId, DateTimeOffset.UtcNow.AddSeconds(-150)));
    }

    /// <summary>Answers the breaching contact, which clears the wait rule and so auto-resolves the alert.</summary>
    public static async Task ClearAsync(ControlRoomHost host, string queueId)
    {
        using var client = host.ApiClient();
        await client.PostAcceptedAsync(Answered($"{queueId}-call", $"{queueId}-agent", DateTimeOffset.UtcNow));
    }

    /// <summary>The next change of the queue's alerts with the given action (raised, acknowledged, resolved…).</summary>
    public async Task<JsonElement> NextAsync(string queueId, string action)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var change in changes.Reader.ReadAllAsync(timeout.Token))
        {
            if (change.GetProperty("alert").GetProperty("queueId").GetString() == queueId && change.GetProperty("action").GetString() == action)
            {
                return change.GetProperty("alert");
            }
        }

        throw new InvalidOperationException("The hub closed before the expected alert change.");
    }

    public async ValueTask DisposeAsync() => await hub.DisposeAsync();
}
