namespace ControlRoom.Grains.Durability;

/// <summary>
/// Pieces of a snapshot write that a grain starts in its turn but does not wait for there (see
/// <see cref="GrainJournal{TState, TEntry}.TrySnapshotAsync"/>): the write's outcome is taken at the grain's next tick.
/// </summary>
internal static class OffTurnWrites
{
    /// <summary>
    /// Trims <paramref name="stream"/> behind a snapshot that holds everything through <paramref name="position"/>;
    /// false when the trim failed, which only leaves entries for the next snapshot's trim.
    /// </summary>
    public static async Task<bool> TrimBehindAsync(IEventStore store, string stream, long position)
    {
        try
        {
            await store.TrimAsync(stream, position, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits for a write to end, either way: the caller takes (and logs) its outcome from the task itself.</summary>
    public static async Task SettledAsync(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception)
        {
            // the caller reads the task's outcome
        }
    }
}
