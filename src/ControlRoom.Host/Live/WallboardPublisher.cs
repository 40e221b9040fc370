using ControlRoom.Grains.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ControlRoom.Host.Live;

/// <summary>
/// Sends what the grains of this silo handed over to the hub's groups. With the Redis backplane the messages
/// reach the connections of every node. Deviations go first, so a board never shows a breach after its recovery.
/// </summary>
public sealed partial class WallboardPublisher(
    HubLiveUpdateSink sink, IHubContext<WallboardHub> hub, ControlRoomMetrics metrics, TimeProvider clock, ILogger<WallboardPublisher> logger)
    : BackgroundService
{
    public const string AgentsGroup = "agents";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in sink.Wake.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var deviation in sink.TakeDeviations())
                {
                    await hub.Clients.Groups(Groups(deviation.QueueId)).SendAsync("deviation", deviation, stoppingToken);
                }

                foreach (var snapshot in sink.TakeQueues())
                {
                    await hub.Clients.Groups(Groups(snapshot.QueueId)).SendAsync("queueUpdated", snapshot, stoppingToken);
                    metrics.Pushed("hub", clock.GetUtcNow() - snapshot.AsOf);
                }

                foreach (var agent in sink.TakeAgents())
                {
                    await hub.Clients.Group(AgentsGroup).SendAsync("agentUpdated", agent, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(ex);
            }
        }
    }

    private static string[] Groups(string queueId) => [WallboardHub.GroupOf(queueId), WallboardHub.GroupOf(WallboardHub.AllQueues)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push live updates; the next change will be pushed again")]
    private partial void LogSendFailed(Exception exception);
}
