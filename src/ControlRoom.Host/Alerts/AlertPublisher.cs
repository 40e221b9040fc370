using System.Threading.Channels;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Grains.Alerts;
using ControlRoom.Host.Live;
using Microsoft.AspNetCore.SignalR;

namespace ControlRoom.Host.Alerts;

/// <summary>The alert books' hand-off on this silo: it only queues the change, so a grain never waits.</summary>
public sealed partial class HubAlertSink(ILogger<HubAlertSink> logger) : IAlertSink
{
    private readonly Channel<AlertChange> changes = Channel.CreateBounded<AlertChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<AlertChange> Changes => changes.Reader;

    public void AlertChanged(AlertChange change)
    {
        if (!changes.Writer.TryWrite(change))
        {
            LogDropped(change.Alert.Id, change.Action);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert change backlog is full; not pushing {AlertId} {Action}")]
    private partial void LogDropped(string alertId, AlertAction action);
}

/// <summary>What the hub sends as <c>alertChanged</c>: the action and the alert after it.</summary>
public sealed record AlertMessage(AlertAction Action, AlertView Alert);

/// <summary>
/// Sends this silo's alert changes to the hub (the queue's subscribers, on every node through the backplane) and
/// hands them to the webhooks. Only the silo owning the alert book sends, so each change goes out once.
/// </summary>
public sealed partial class AlertPublisher(HubAlertSink sink, IHubContext<WallboardHub> hub, WebhookDispatcher webhooks, ILogger<AlertPublisher> logger)
    : BackgroundService
{
    public const string Message = "alertChanged";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in sink.Changes.ReadAllAsync(stoppingToken))
        {
            webhooks.Enqueue(change);
            try
            {
                await hub.Clients.Groups(WallboardHub.GroupOf(change.Alert.QueueId), WallboardHub.GroupOf(WallboardHub.AllQueues))
                    .SendAsync(Message, new AlertMessage(change.Action, change.Alert), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(ex, change.Alert.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push the change of alert {AlertId} to the hub")]
    private partial void LogSendFailed(Exception exception, string alertId);
}
