namespace ControlRoom.Grains.Live;

/// <summary>
/// Coalesces a grain's snapshot pushes: the first change after a quiet spell goes out at once, later ones within the
/// interval are folded into one trailing push (bounded rate under load). Deviations never pass through it.
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

    public void Dispose() => trailing?.Dispose();

    private Task PublishNow(DateTimeOffset now)
    {
        lastPublished = now;
        return publish();
    }
}
