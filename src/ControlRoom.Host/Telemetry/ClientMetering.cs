using ControlRoom.Grains.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;

namespace ControlRoom.Host.Telemetry;

/// <summary>Counts the integration hub's open connections (registered on that hub only, so Blazor's own hub is not counted twice).</summary>
public sealed class HubConnectionMetering(ControlRoomMetrics metrics) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        metrics.HubConnected(context.Hub.GetType().Name);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        metrics.HubDisconnected(context.Hub.GetType().Name);
        await next(context, exception);
    }
}

/// <summary>Counts open Blazor circuits: every board, console and planner page in a browser holds one.</summary>
public sealed class CircuitMetering(ControlRoomMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
