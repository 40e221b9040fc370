namespace ControlRoom.Grains.Live;

/// <summary>
/// Coalesces a grain's snapshot pushes: the first change after a quiet spell goes out at once, later ones within the
/// interval are folded into one trailing push (bounded rate under load). Deviations never pass through it.
/// </summary>
internal sealed class PublishThrottle(IGrainBase grain, TimeSpan interval, TimeProvider clock, Action publish) : IDisposable
{
    private DateTimeOffset lastPublished = DateTimeOffset.MinValue;
    private IGrainTimer? trailing;

    public void Request()
    {
        var now = clock.GetUtcNow();
        if (now - lastPublished >= interval)
        {
            PublishNow(now);
            return;
        }

        trailing ??= grain.RegisterGrainTimer(
            _ =>
            {
                trailing?.Dispose();
                trailing = null;
                PublishNow(clock.GetUtcNow());
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(lastPublished + interval - now, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    public void Dispose() => trailing?.Dispose();

    private void PublishNow(DateTimeOffset now)
    {
        lastPublished = now;
        publish(); // a hand-over to the silo's live publisher, in memory
    }
}
