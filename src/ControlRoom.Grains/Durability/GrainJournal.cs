using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace ControlRoom.Grains.Durability;

/// <summary>
/// The durable state of an event-sourced grain: a snapshot plus the journal entries written after it. A change is
/// appended to the journal (durably, fenced by the expected head so a stale activation cannot write) before it is
/// applied in memory; activation loads the snapshot and replays the journal, so a grain rebuilt on any node after a
/// crash holds exactly what it had acknowledged. Snapshots are written on a schedule and the journal is trimmed
/// behind them.
/// </summary>
public sealed partial class GrainJournal<TState, TEntry>
    where TState : class, new()
{
    private const int ReadPage = 1_000;

    private readonly IEventStore store;
    private readonly Serializer serializer;
    private readonly string stream;
    private readonly string snapshotKey;
    private readonly ILogger logger;
    private long snapshotVersion;
    private long snapshotPosition;

    public GrainJournal(IEventStore store, Serializer serializer, TimeProvider clock, TimeSpan snapshotInterval, string kind, string key, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
        this.serializer = serializer;
        stream = StoreKeys.Journal(kind, key);
        snapshotKey = StoreKeys.Snapshot(kind, key);
        Schedule = new SnapshotSchedule(clock, snapshotInterval, SnapshotSchedule.PhaseOf(snapshotKey, snapshotInterval));
    }

    public TState State { get; private set; } = new();

    /// <summary>The last journal position included in <see cref="State"/>.</summary>
    public long Head { get; private set; }

    /// <summary>True once anything was stored for this grain (a snapshot or an entry).</summary>
    public bool Exists => Head > 0 || snapshotVersion > 0;

    /// <summary>Entries replayed by the last <see cref="LoadAsync"/> (recovery work, for logs and tests).</summary>
    public int Replayed { get; private set; }

    public SnapshotSchedule Schedule { get; }

    /// <summary>Loads the snapshot and replays every entry after it through <paramref name="apply"/>.</summary>
    public async Task LoadAsync(Action<TState, TEntry> apply, CancellationToken cancellationToken)
    {
        if (await store.ReadSnapshotAsync(snapshotKey, cancellationToken) is { } snapshot)
        {
            State = serializer.Deserialize<TState>(snapshot.Payload)!;
            snapshotVersion = snapshot.Version;
            snapshotPosition = Head = snapshot.Position;
            Schedule.SnapshotBytes = snapshot.Payload.Length;
        }

        Replayed = 0;
        var replayedBytes = 0L;
        while (true)
        {
            var entries = await store.ReadAsync(stream, Head, ReadPage, cancellationToken);
            foreach (var entry in entries)
            {
                apply(State, serializer.Deserialize<TEntry>(entry.Payload)!);
                Head = entry.Position;
                Replayed++;
                replayedBytes += entry.Payload.Length;
            }

            if (entries.Count < ReadPage)
            {
                break;
            }
        }

        if (Replayed > 0)
        {
            Schedule.Journaled(replayedBytes);
        }
    }

    /// <summary>
    /// Appends the entry durably; the caller applies it after this returns. On any failure the caller must not apply
    /// it and must reload before writing again (a timed-out append may have landed), which deactivation does.
    /// </summary>
    public async Task AppendAsync(TEntry entry, CancellationToken cancellationToken = default)
    {
        var payload = serializer.SerializeToArray(entry);
        await store.AppendAsync([new StreamAppend(stream, payload, Head)], cancellationToken);
        Head++;
        Schedule.Journaled(payload.Length);
    }

    /// <summary>
    /// Writes the snapshot when it is due (or, with <paramref name="now"/>, whenever something is unsaved). A failure
    /// is logged and left to the schedule's back-off: the journal already holds every change, so nothing is lost.
    /// </summary>
    public async Task TrySnapshotAsync(bool now, CancellationToken cancellationToken)
    {
        if (!store.IsAvailable || !(now ? Schedule.Unsaved : Schedule.IsDue))
        {
            return;
        }

        try
        {
            await Schedule.SaveNowAsync(() => WriteSnapshotAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSnapshotFailed(ex, stream);
        }
    }

    private async Task WriteSnapshotAsync(CancellationToken cancellationToken)
    {
        var payload = serializer.SerializeToArray(State);
        var position = Head;
        snapshotVersion = await store.WriteSnapshotAsync(snapshotKey, snapshotVersion, position, payload, cancellationToken);
        Schedule.SnapshotBytes = payload.Length;
        if (position > snapshotPosition)
        {
            snapshotPosition = position;

            // The snapshot holds everything up to here: the journal behind it is no longer needed for recovery.
            await store.TrimAsync(stream, position, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the snapshot of {Journal}; the journal keeps every change and the write is retried")]
    private partial void LogSnapshotFailed(Exception exception, string journal);
}
