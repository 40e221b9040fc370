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
    where TEntry : class
{
    private const int ReadPage = 1_000;

    private readonly IEventStore store;
    private readonly Serializer serializer;
    private readonly string stream;
    private readonly string snapshotKey;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly JournalFormat<TEntry>? format;
    private long snapshotVersion;
    private long snapshotPosition;
    private SnapshotWrite? writing;

    public GrainJournal(IEventStore store, Serializer serializer, TimeProvider clock, TimeSpan snapshotInterval, string kind, string key, ILogger logger,
        JournalFormat<TEntry>? format = null)
    {
        this.store = store;
        this.format = format;
        this.logger = logger;
        this.serializer = serializer;
        this.clock = clock;
        stream = StoreKeys.Journal(kind, key);
        snapshotKey = StoreKeys.Snapshot(kind, key);
        Schedule = new SnapshotSchedule(clock, snapshotInterval, SnapshotSchedule.PhaseOf(snapshotKey, snapshotInterval))
        {
            EntriesWanted = SnapshotSchedule.EntriesOf(snapshotKey),
        };
    }

    public TState State { get; private set; } = new();

    /// <summary>
    /// Called in the grain's turn when an append fails (a grain that applies entries before they are durable
    /// deactivates here): a timed-out append may have landed, so the activation no longer knows its journal's head.
    /// Set here rather than around each caller's await, which cost every append an async frame, a delegate and a
    /// continuation of its own (issue 15).
    /// </summary>
    public Action? OnBroken { get; init; }

    /// <summary>The last journal position known durable.</summary>
    public long Head { get; private set; }

    /// <summary>
    /// An append was issued and is not yet known durable. A grain that applies its entries as it issues them (so that
    /// calls interleaved on it join one commit) holds them in <see cref="State"/> meanwhile: no snapshot is taken then.
    /// </summary>
    public bool Pending => next != Head;

    /// <summary>
    /// An append failed (or may have landed without this activation knowing): memory may hold what the journal does
    /// not, so nothing more is appended or snapshotted, and the grain must reload (deactivate) before it serves again.
    /// </summary>
    public bool Broken { get; private set; }

    // The head once every append issued lands: the next append is fenced on it, so appends issued one after another
    // in a grain's turns commit in that order or not at all.
    private long next;

    // The last append issued, for a caller that must know everything before it is durable.
    private Task lastAppend = Task.CompletedTask;

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
                apply(State, format?.Read(entry.Payload) ?? serializer.Deserialize<TEntry>(entry.Payload)!);
                Head = entry.Position;
                Replayed++;
                replayedBytes += entry.Payload.Length;
            }

            if (entries.Count < ReadPage)
            {
                break;
            }
        }

        next = Head;
        if (Replayed > 0)
        {
            Schedule.Journaled(replayedBytes, Replayed);
        }
    }

    /// <summary>
    /// Issues the append before returning (in the order of the calls, each fenced on the one before) and completes once
    /// it is durable. The caller applies the entry either after that, or at once, in the same turn, if calls interleave
    /// on the grain: then the appends of calls handled meanwhile join the same commit instead of each waiting for the
    /// one before, and memory runs ahead of the journal only by appends in flight. On any failure the journal is
    /// <see cref="Broken"/>: the caller must fail, and the grain reload (deactivate, <see cref="OnBroken"/>) before it serves again.
    /// </summary>
    public Task AppendAsync(TEntry entry, CancellationToken cancellationToken = default)
    {
        if (Broken)
        {
            return Reloading();
        }

        var payload = format?.Write(entry) ?? serializer.SerializeToArray(entry);
        var expected = next++;
        Schedule.Journaled(payload.Length);
        return lastAppend = Confirm(store.AppendAsync([new StreamAppend(stream, payload, expected)], cancellationToken));
    }

    /// <summary>
    /// Completes once every append issued so far is durable, or fails if any failed: a call that finds its change
    /// already in memory (a re-delivery) answers only once that change is in the journal.
    /// </summary>
    public Task DurableAsync() => Broken ? Reloading() : lastAppend;

    private Task Reloading() => Task.FromException(new StoreUnavailableException($"The journal {stream} is reloading after a failed write."));

    private async Task Confirm(Task<long[]> append)
    {
        try
        {
            var position = (await append)[0];
            Head = Math.Max(Head, position);
        }
        catch
        {
            Broken = true;
            OnBroken?.Invoke();
            throw;
        }
    }

    /// <summary>
    /// Writes the snapshot when it is due (or, with <paramref name="now"/>, whenever something is unsaved). A failure
    /// is logged and left to the schedule's back-off: the journal already holds every change, so nothing is lost.
    /// A due write is begun here and runs off the grain's turn: the state is serialized now, and the store's commit
    /// (and the trim behind it) is not waited for, so the changes handed to the grain meanwhile are journaled instead
    /// of waiting behind it; the next call takes its outcome. With <paramref name="now"/> (deactivation) it is waited for.
    /// </summary>
    public async Task TrySnapshotAsync(bool now, CancellationToken cancellationToken)
    {
        if (writing is { } inFlight)
        {
            if (!inFlight.Task.IsCompleted && !now)
            {
                return; // one write at a time: the version fence of the next depends on this one
            }

            await Finished(inFlight);
            Collect();
        }

        if (!store.IsAvailable || Broken || Pending || !(now ? Schedule.Unsaved : Schedule.IsDue))
        {
            return; // with appends in flight memory is ahead of the journal's head: the next attempt takes it
        }

        var payload = serializer.SerializeToArray(State);
        var attempt = Schedule.Begin();
        writing = new SnapshotWrite(WriteAndTrimAsync(payload, Head, snapshotVersion, snapshotPosition), Head, payload.Length, attempt);
        if (now)
        {
            await Finished(writing);
            Collect();
        }
    }

    /// <summary>
    /// Waits for a snapshot write in flight and takes its outcome: a deactivation that writes nothing more still lets its
    /// write land before the grain's next activation reads the snapshot (whose version that activation then fences on).
    /// </summary>
    public async Task SettleAsync()
    {
        if (writing is { } inFlight)
        {
            await Finished(inFlight);
            Collect();
        }
    }

    /// <summary>Takes the outcome of a finished write: its version and trim, or a failure left to the back-off.</summary>
    private void Collect()
    {
        if (writing is not { Task.IsCompleted: true } done)
        {
            return;
        }

        writing = null;
        if (done.Task.IsCompletedSuccessfully)
        {
            var (version, took, trimmed) = done.Task.Result;
            snapshotVersion = version;
            Schedule.SnapshotBytes = done.Bytes;
            if (trimmed)
            {
                snapshotPosition = Math.Max(snapshotPosition, done.Position);
            }

            Schedule.Succeeded(done.Attempt, took);
            return;
        }

        Schedule.Failed();
        LogSnapshotFailed(done.Task.Exception?.GetBaseException() ?? new OperationCanceledException(), stream);
    }

    /// <summary>
    /// Not awaited by the grain's turn: it touches no grain state, only what it was handed (its continuations run on the
    /// grain's scheduler between the grain's own steps). Not the caller's token either: the write outlives the call, and
    /// the store bounds it with its own timeouts.
    /// </summary>
    private async Task<(long Version, TimeSpan Took, bool Trimmed)> WriteAndTrimAsync(byte[] payload, long position, long expectedVersion, long trimmedThrough)
    {
        var started = clock.GetTimestamp();
        var version = await store.WriteSnapshotAsync(snapshotKey, expectedVersion, position, payload, CancellationToken.None);
        var took = clock.GetElapsedTime(started);
        // The snapshot holds everything up to here: the journal behind it is no longer needed for recovery.
        var trimmed = position > trimmedThrough && await OffTurnWrites.TrimBehindAsync(store, stream, position);
        return (version, took, trimmed);
    }

    private static Task Finished(SnapshotWrite write) => OffTurnWrites.SettledAsync(write.Task);

    private sealed record SnapshotWrite(Task<(long Version, TimeSpan Took, bool Trimmed)> Task, long Position, long Bytes, SaveAttempt Attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the snapshot of {Journal}; the journal keeps every change and the write is retried")]
    private partial void LogSnapshotFailed(Exception exception, string journal);
}

/// <summary>
/// How a journal writes the entries it has a format of its own for (<see cref="Write"/> answers null for the others,
/// which the general serializer writes), and reads them back (<see cref="Read"/> answers null for bytes not in that
/// format: entries of other kinds, and those journaled by earlier versions).
/// </summary>
public sealed record JournalFormat<TEntry>(Func<TEntry, byte[]?> Write, Func<byte[], TEntry?> Read)
    where TEntry : class;
