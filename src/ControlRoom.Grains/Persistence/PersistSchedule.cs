namespace ControlRoom.Grains.Persistence;

/// <summary>
/// When a grain writes its changed state. A write serializes the whole state, so its cost grows with what the
/// grain holds (a shard after a replayed month). Writes are therefore spaced at least the configured interval
/// apart and at least <see cref="Spacing"/> times as long as the last write took: storage never takes more than
/// about 1/<see cref="Spacing"/> of a grain's time, however large its state grows.
/// </summary>
public sealed class PersistSchedule(TimeProvider clock, TimeSpan interval)
{
    private const int Spacing = 20;

    private DateTimeOffset lastSaved = clock.GetUtcNow();
    private TimeSpan lastDuration;

    /// <summary>True while a change has not been written yet.</summary>
    public bool Unsaved { get; private set; }

    public void Changed() => Unsaved = true;

    /// <summary>Writes when a change is pending and the spacing has passed.</summary>
    public Task SaveIfDueAsync(Func<Task> write)
    {
        var now = clock.GetUtcNow();
        var spacing = lastDuration * Spacing;
        return !Unsaved || now - lastSaved < (spacing > interval ? spacing : interval) ? Task.CompletedTask : SaveNowAsync(write);
    }

    /// <summary>Writes at once, for decisions a person just made (they must survive a crash a second later).</summary>
    public async Task SaveNowAsync(Func<Task> write)
    {
        Unsaved = false;
        lastSaved = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        await write();
        lastDuration = clock.GetElapsedTime(started);
    }
}
