namespace ControlRoom.Grains.Live;

/// <summary>
/// Coalesces a grain's pushes: the first change after a quiet spell goes out at once (low latency for a lone
/// breach), later ones within the interval are folded into one trailing push (bounded rate under load).
/// </summary>
internal sealed class PublishThrottle(IGrainBase grain, TimeSpan interval, TimeProvider clock, Func<Task> publish) : IDisposable
{
    private DateTimeOffset lastPublished = DateTimeOffset.MinValue;
    private IGrainTimer? trailing;

    public Task Request()
    {
        var now = clock.GetUtcNow();
        if (now - lastPublished >= interval)
        {
            return PublishNow(now);
        }

        trailing ??= grain.RegisterGrainTimer(
            _ =>
            {
                trailing?.Dispose();
                trailing = null;
                return PublishNow(clock.GetUtcNow());
            },
            new GrainTimerCreationOptions(lastPublished + interval - now, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <summary>
    /// A push because the clock moved (waits grow, windows roll), at most once a second from the grain's tick. It
    /// goes out now unless a coalesced push is already due, and it does not open a coalescing window: an event
    /// arriving right after it is still pushed at once.
    /// </summary>
    public Task Refresh() => trailing is null ? publish() : Task.CompletedTask;

    public void Dispose() => trailing?.Dispose();

    private Task PublishNow(DateTimeOffset now)
    {
        lastPublished = now;
        return publish();
    }
}
