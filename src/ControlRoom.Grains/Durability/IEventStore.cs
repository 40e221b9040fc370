namespace ControlRoom.Grains.Durability;

/// <summary>
/// The durable store under the whole room: append-only streams with dense positions (the ingest log's partitions
/// and each journaled grain's journal) and snapshots (a grain's state as of a stream position). Two
/// implementations share this contract: SQLite in a data folder (the embedded default) and Redis (scale-out).
/// Every call either succeeds durably or throws. <see cref="StoreUnavailableException"/> means "try again later" (the
/// API answers 503): a call that timed out may still have been applied, so callers retry only what is idempotent (the
/// log's events are, by eventId) and a grain whose journal append failed reloads itself before writing again.
/// </summary>
public interface IEventStore
{
    /// <summary>False while the store is known to be unreachable: callers answer 503 at once instead of waiting.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Appends one entry to each stream, all or none. An entry with <see cref="StreamAppend.ExpectedHead"/> set is
    /// appended only if its stream's head is exactly that (a single writer's fence); otherwise nothing of the call is
    /// written and <see cref="StreamConflictException"/> is thrown. Returns each entry's position (dense, from 1).
    /// </summary>
    Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default);

    /// <summary>Entries of a stream after <paramref name="afterPosition"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, long afterPosition, int max, CancellationToken cancellationToken = default);

    /// <summary>The position of the stream's last entry ever appended (0 for a stream never written); trimming keeps it.</summary>
    Task<long> HeadAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>The heads of several streams at once (for lag and catch-up checks).</summary>
    Task<long[]> HeadsAsync(IReadOnlyList<string> streams, CancellationToken cancellationToken = default);

    /// <summary>Forgets the stream's entries up to and including <paramref name="throughPosition"/>.</summary>
    Task TrimAsync(string stream, long throughPosition, CancellationToken cancellationToken = default);

    Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a snapshot if the stored one still has <paramref name="expectedVersion"/> (0: none stored), giving it
    /// version <c>expectedVersion + 1</c>; otherwise throws <see cref="StreamConflictException"/>.
    /// </summary>
    Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a snapshot like <see cref="WriteSnapshotAsync(string, long, long, ReadOnlyMemory{byte}, CancellationToken)"/>
    /// and, in the same atomic write under the same version fence, changes some of its parts: a large state kept as
    /// named pieces (a shard's interactions) writes only the pieces that changed since its last snapshot.
    /// </summary>
    Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default);

    /// <summary>Every part the snapshot holds (none for a snapshot written without parts, or none stored).</summary>
    Task<IReadOnlyList<SnapshotPart>> ReadSnapshotPartsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes a snapshot, with its parts, if it still has <paramref name="expectedVersion"/>.</summary>
    Task DeleteSnapshotAsync(string key, long expectedVersion, CancellationToken cancellationToken = default);
}

/// <summary>One named piece of a snapshot.</summary>
public sealed record SnapshotPart(string Name, byte[] Payload);

/// <summary>The parts a snapshot write puts (new or replaced) and removes; parts not named keep what they hold.</summary>
public sealed record SnapshotParts(IReadOnlyList<SnapshotPart> Put, IReadOnlyList<string> Removed)
{
    public static readonly SnapshotParts None = new([], []);
}

/// <summary>One entry to append; <see cref="ExpectedHead"/> fences a single writer (null: any head).</summary>
public readonly record struct StreamAppend(string Stream, ReadOnlyMemory<byte> Payload, long? ExpectedHead = null);

public sealed record StreamEntry(long Position, byte[] Payload);

/// <summary>A stored state: its version (for optimistic concurrency), the stream position it includes, the bytes.</summary>
public sealed record StoredSnapshot(long Version, long Position, byte[] Payload);

/// <summary>
/// The store cannot be reached or did not answer in time. Refused at once: nothing applied; timed out: unknown.
/// Serializable, so a receiver's failed journal write reaches the ingestor as what it is (a 503 at once), not as a
/// codec error the ingestor would retry until its deadline.
/// </summary>
[GenerateSerializer, Alias("cr.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public StoreUnavailableException() : base("The store is unavailable.")
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }
}

/// <summary>An expected head or version did not match: another writer got there first. Nothing was written.</summary>
[GenerateSerializer, Alias("cr.StreamConflictException")]
public sealed class StreamConflictException : Exception
{
    public StreamConflictException(string message) : base(message)
    {
    }

    public StreamConflictException() : base("The stream or snapshot was changed by another writer.")
    {
    }

    public StreamConflictException(string message, Exception inner) : base(message, inner)
    {
    }
}
