using System.Globalization;
using System.Text.Json;
using ControlRoom.Contracts.Events;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Host.Simulation;

/// <summary>
/// Where the simulator stands, kept in the durable store so a restarted host continues the same simulation instead
/// of playing its history again: the simulator is deterministic for a seed and a start, so after a restart it is
/// rebuilt from the recorded start and fast-forwarded, the events already acknowledged are skipped, and the contacts
/// that were open at the crash are answered, abandoned and closed as if nothing had happened.
/// </summary>
/// <param name="LiveFrom">The start of the live simulation (its history included).</param>
/// <param name="Seed">The seed it runs with; another seed starts afresh.</param>
/// <param name="ReferenceFrom">The reference day played before it (null: none).</param>
/// <param name="ReferencePlayed">Whether the reference day was played whole.</param>
/// <param name="Acknowledged">The number of the last live event acknowledged (events are numbered in time order).</param>
public sealed record SimulatorProgress(
    DateTimeOffset LiveFrom, int Seed, DateTimeOffset? ReferenceFrom, DateTimeOffset? ReferenceTo, bool ReferencePlayed, long Acknowledged)
{
    private static readonly string Key = StoreKeys.HostRecord("simulator");

    /// <summary>The simulator's own number of an event (its ids end with it).</summary>
    public static long NumberOf(ContactEvent e) =>
        long.TryParse(e.EventId.AsSpan(e.EventId.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public static async Task<(SimulatorProgress? Progress, long Version)> LoadAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var stored = await store.ReadSnapshotAsync(Key, cancellationToken);
        return stored is null ? (null, 0) : (JsonSerializer.Deserialize<SimulatorProgress>(stored.Payload), stored.Version);
    }

    /// <summary>Writes this progress over <paramref name="version"/>; returns the new version.</summary>
    public Task<long> SaveAsync(IEventStore store, long version, CancellationToken cancellationToken) =>
        store.WriteSnapshotAsync(Key, version, 0, JsonSerializer.SerializeToUtf8Bytes(this), cancellationToken);
}
