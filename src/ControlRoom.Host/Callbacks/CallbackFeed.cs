using System.Collections.Concurrent;
using ControlRoom.Contracts.Callbacks;

namespace ControlRoom.Host.Callbacks;

/// <summary>
/// This node's follower of the worklist, for its pages: subscribes to the book and re-subscribes periodically, as
/// <c>ObserverManager</c> expects. The book numbers its announcements; the list is read again only when this node
/// may have missed one (<see cref="CallbackWatermark"/>), so nothing missed stays missing and a quiet minute costs one call.
/// </summary>
public sealed partial class CallbackFeed(IGrainFactory grains, CallbackService service, TimeProvider clock, ILogger<CallbackFeed> logger)
    : BackgroundService, ICallbackObserver
{
    private static readonly TimeSpan Resubscribe = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, CallbackView> known = new(StringComparer.Ordinal);
    private readonly CallbackWatermark watermark = new();

    public event Action<IReadOnlyList<CallbackView>>? Changed;

    public IReadOnlyCollection<CallbackView> Callbacks => (IReadOnlyCollection<CallbackView>)known.Values;

    async Task ICallbackObserver.CallbacksChanged(IReadOnlyList<CallbackView> changed, CallbackPosition position)
    {
        var marked = await service.MarkShortAsync(changed);
        foreach (var entry in marked)
        {
            Keep(entry);
        }

        watermark.Seen(position);

        Changed?.Invoke(marked);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<ICallbackObserver>(this);
        try
        {
            using var timer = new PeriodicTimer(Resubscribe, clock);
            do
            {
                try
                {
                    var latest = await grains.GetGrain<ICallbackBookGrain>(0).Subscribe(reference);
                    if (watermark.MustReload(latest))
                    {
                        foreach (var entry in await service.ListAsync(new CallbackFilter()))
                        {
                            Keep(entry);
                        }

                        watermark.Reloaded(latest);
                    }
                }
                // A cancelled grain call (an activation that timed out) is a failure to retry; only a stop ends the loop.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSubscribeFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            grains.DeleteObjectReference<ICallbackObserver>(reference);
        }
    }

    /// <summary>Keeps the newest version; a withdrawn abandon leaves the list.</summary>
    private void Keep(CallbackView entry)
    {
        if (entry.Withdrawn)
        {
            known.TryRemove(entry.InteractionId, out _);
            return;
        }

        known.AddOrUpdate(entry.InteractionId, entry, (_, old) => old.Version > entry.Version ? old : entry);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not follow the call-back worklist; retrying within a minute")]
    private partial void LogSubscribeFailed(Exception exception);
}
