using ControlRoom.Grains.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ControlRoom.Host.Live;

/// <summary>
/// Sends what this node's live cache has not sent yet to this node's hub connections (every node's cache hears every
/// grain, so each node serves its own connections and nothing crosses the backplane twice). Deviations have a sender
/// of their own: under load a round of snapshots to every connection takes hundreds of milliseconds, and a breach
/// must not wait behind it (measured: p50 552 ms behind, 31 ms on its own; docs/performance.md).
/// </summary>
public sealed partial class WallboardPublisher(
    LiveOutbox outbox, LocalConnections local, IHubContext<WallboardHub> hub, ControlRoomMetrics metrics, TimeProvider clock, ILogger<WallboardPublisher> logger)
    : BackgroundService
{
    public const string AgentsGroup = "agents";

    private static readonly string AllQueuesGroup = WallboardHub.GroupOf(WallboardHub.AllQueues);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendDeviationsAsync(stoppingToken), SendSnapshotsAsync(stoppingToken));

    private async Task SendDeviationsAsync(CancellationToken stoppingToken)
    {
        await foreach (var deviation in outbox.Deviations.ReadAllAsync(stoppingToken))
        {
            try
            {
                await Send(Followers(deviation.QueueId), "deviation", deviation, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(ex);
            }
        }
    }

    private async Task SendSnapshotsAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in outbox.Wake.ReadAllAsync(stoppingToken))
        {
            try
            {
                var (queues, agents) = outbox.Take();
                foreach (var snapshot in queues)
                {
                    await Send(Followers(snapshot.QueueId), "queueUpdated", snapshot, stoppingToken);
                    metrics.Pushed("hub", clock.GetUtcNow() - snapshot.AsOf);
                }

                foreach (var agent in agents)
                {
                    await Send(local.In(AgentsGroup), "agentUpdated", agent, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(ex);
            }
        }
    }

    private IReadOnlyList<string> Followers(string queueId) => local.In(WallboardHub.GroupOf(queueId), AllQueuesGroup);

    private Task Send(IReadOnlyList<string> connections, string method, object message, CancellationToken cancellationToken) =>
        connections.Count == 0 ? Task.CompletedTask : hub.Clients.Clients(connections).SendAsync(method, message, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push live updates; the next change will be pushed again")]
    private partial void LogSendFailed(Exception exception);
}
