using ControlRoom.Grains.Durability;

namespace ControlRoom.Grains.Tests;

/// <summary>The real store, passed through: a test fixture overrides only the calls it watches or holds.</summary>
public abstract class DelegatingEventStore(IEventStore inner) : IEventStore
{
    public bool IsAvailable => inner.IsAvailable;

    public virtual Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default) => inner.AppendAsync(appends, cancellationToken);

    public virtual Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, long afterPosition, int max, CancellationToken cancellationToken = default) => inner.ReadAsync(stream, afterPosition, max, cancellationToken);

    public virtual Task<long> HeadAsync(string stream, CancellationToken cancellationToken = default) => inner.HeadAsync(stream, cancellationToken);

    public virtual Task<long[]> HeadsAsync(IReadOnlyList<string> streams, CancellationToken cancellationToken = default) => inner.HeadsAsync(streams, cancellationToken);

    public virtual Task TrimAsync(string stream, long throughPosition, CancellationToken cancellationToken = default) => inner.TrimAsync(stream, throughPosition, cancellationToken);

    public virtual Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default) => inner.ReadSnapshotAsync(key, cancellationToken);

    public virtual Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        inner.WriteSnapshotAsync(key, expectedVersion, position, payload, cancellationToken);

    public virtual Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default) =>
        inner.WriteSnapshotAsync(key, expectedVersion, position, payload, parts, cancellationToken);

    public virtual Task<IReadOnlyList<SnapshotPart>> ReadSnapshotPartsAsync(string key, CancellationToken cancellationToken = default) => inner.ReadSnapshotPartsAsync(key, cancellationToken);

    public virtual Task DeleteSnapshotAsync(string key, long expectedVersion, CancellationToken cancellationToken = default) => inner.DeleteSnapshotAsync(key, expectedVersion, cancellationToken);
}
