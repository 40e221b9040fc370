namespace ControlRoom.Grains.Durability;

/// <summary>
/// When a grain writes its snapshot. The journal already holds every change durably, so a snapshot only shortens
/// recovery: it is written at most every <paramref name="interval"/>, and at least <see cref="Spacing"/> times as long
/// apart as the last write took, so snapshots never take more than about 1/<see cref="Spacing"/> of a grain's time
/// however large its state grows. A write that fails is retried with doubling back-off (up to a minute), and the
/// state counts as saved only once a write has succeeded.
/// </summary>
public sealed class SnapshotSchedule(TimeProvider clock, TimeSpan interval)
{
    private const int Spacing = 20;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private DateTimeOffset lastAttempt = clock.GetUtcNow();
    private TimeSpan lastDuration;
    private long changes;
    private long saved;

    /// <summary>Consecutive failed writes (0 after a success).</summary>
    public int Failures { get; private set; }

    /// <summary>True while a change has not been written in a snapshot yet.</summary>
    public bool Unsaved => changes != saved;

    public void Changed() => changes++;

    /// <summary>When the next write may happen.</summary>
    public DateTimeOffset NextAttempt
    {
        get
        {
            var wait = interval;
            if (lastDuration * Spacing > wait)
            {
                wait = lastDuration * Spacing;
            }

            if (Failures > 0)
            {
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, interval.Ticks << Math.Min(Failures, 16)));
                wait = backoff > wait ? backoff : wait;
            }

            return lastAttempt + wait;
        }
    }

    public bool IsDue => Unsaved && clock.GetUtcNow() >= NextAttempt;

    /// <summary>Writes when a change is pending and the spacing (or back-off) has passed; false when nothing was due.</summary>
    public async Task<bool> SaveIfDueAsync(Func<Task> write)
    {
        if (!IsDue)
        {
            return false;
        }

        await SaveNowAsync(write);
        return true;
    }

    /// <summary>Writes at once. A failure is rethrown and leaves the state unsaved, due again after the back-off.</summary>
    public async Task SaveNowAsync(Func<Task> write)
    {
        var including = changes;
        var started = clock.GetTimestamp();
        lastAttempt = clock.GetUtcNow();
        try
        {
            await write();
        }
        catch
        {
            Failures++;
            throw;
        }

        lastDuration = clock.GetElapsedTime(started);
        Failures = 0;
        saved = including;
    }
}
