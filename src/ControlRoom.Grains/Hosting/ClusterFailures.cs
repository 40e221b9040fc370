using Orleans.Runtime.Messaging;

namespace ControlRoom.Grains.Hosting;

/// <summary>
/// Failures of a grain call that mean "a node is being replaced": the call went to a silo that has just died (or is
/// not yet declared dead) or timed out on it. Within seconds the cluster declares the silo dead and the grain is
/// activated elsewhere from the durable log, so the same call succeeds if made again.
/// </summary>
public static class ClusterFailures
{
    /// <summary>How long a caller should keep trying: a killed silo is declared dead within about 4 s.</summary>
    public static readonly TimeSpan HealingTime = TimeSpan.FromSeconds(10);

    /// <param name="exception">What the call threw.</param>
    /// <param name="cancellationToken">The caller's own token: a cancellation it asked for is never transient.</param>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken = default)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException)
            {
                return true;
            }

            // A call that waited for an activation the runtime cancelled (a grain being rebuilt while the cluster
            // settles after a node died, seen in the kill -9 test) fails with that activation's cancellation; the
            // next call activates the grain again.
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes <paramref name="call"/>, again after a short back-off while it fails transiently, for up to
    /// <see cref="HealingTime"/>: an attempt still waiting then (a grain held up behind one on the dead node) ends with
    /// a <see cref="TimeoutException"/> rather than the call's own 30 s timeout.
    /// </summary>
    public static async Task<T> RetryWhileHealingAsync<T>(Func<Task<T>> call, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var deadline = clock.GetUtcNow() + HealingTime;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var left = deadline - clock.GetUtcNow();
                return await call().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken) && clock.GetUtcNow() + delay < deadline)
            {
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }
}
