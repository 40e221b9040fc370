using ControlRoom.Contracts.Reports;
using ControlRoom.Grains.Hosting;

namespace ControlRoom.Grains.Reports;

/// <summary>The shift ends recorded (key 0), written before the first recorder is told to deliver; kept 90 days.</summary>
public sealed class ShiftArchiveGrain(
    [PersistentState("shift-archive", StorageNames.State)] IPersistentState<ShiftArchive> state,
    TimeProvider clock) : Grain, IShiftArchiveGrain
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(90);

    public async Task<bool> RecordEnd(string occurrence, IReadOnlyDictionary<string, QueueAtShiftEnd> queues)
    {
        if (state.State.Ends.ContainsKey(occurrence))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        foreach (var old in state.State.Ends.Where(e => e.Value.RecordedAt < now - Kept).Select(e => e.Key).ToList())
        {
            state.State.Ends.Remove(old);
        }

        state.State.Ends[occurrence] = new ShiftEnd { RecordedAt = now, Queues = new(queues, StringComparer.Ordinal) };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Ends.Remove(occurrence); // not saved: another try (or node) records it
            throw;
        }

        return true;
    }

    public Task<IReadOnlyDictionary<string, QueueAtShiftEnd>?> GetEnd(string occurrence) =>
        Task.FromResult<IReadOnlyDictionary<string, QueueAtShiftEnd>?>(state.State.Ends.TryGetValue(occurrence, out var end) ? end.Queues : null);
}

[GenerateSerializer, Alias("cr.ShiftArchive")]
public sealed class ShiftArchive
{
    [Id(0)] public Dictionary<string, ShiftEnd> Ends { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("cr.ShiftEnd")]
public sealed class ShiftEnd
{
    [Id(0)] public DateTimeOffset RecordedAt { get; set; }
    [Id(1)] public Dictionary<string, QueueAtShiftEnd> Queues { get; set; } = new(StringComparer.Ordinal);
}
