namespace ControlRoom.Grains.Durability;

/// <summary>
/// When a grain writes its snapshot. The journal already holds every change durably, so a snapshot only shortens
/// recovery: it is written at most every <paramref name="interval"/>, and at least <see cref="Spacing"/> times as long
/// apart as the last write took, so snapshots never take more than about 1/<see cref="Spacing"/> of a grain's time
/// however large its state grows. A write that fails is retried with doubling back-off (up to a minute), and the
/// state counts as saved only once a write has succeeded.
/// A change the journal already holds (<see cref="Journaled"/>) wants a snapshot only once the journal written since
/// the last one weighs as much as that snapshot and holds a few dozen entries (<see cref="EntriesWanted"/>): writing
/// 10,000 agents' whole state every few seconds for each contact would cost far more than the contacts, while this
/// keeps snapshots at most as costly as the journal and a recovery's replay at most one snapshot's worth (or a few
/// dozen small entries). A change only a snapshot keeps (<see cref="Changed"/>) is written by time.
/// </summary>
/// <param name="phase">
/// How much later than <paramref name="interval"/> the first write may happen (see <see cref="PhaseOf"/>): grains
/// activated together, such as a room's 1,000 queues at the start of a shift, otherwise fall due together every
/// interval and serialize their states in the same instant, in the way of the requests waiting behind them.
/// </param>
public sealed class SnapshotSchedule(TimeProvider clock, TimeSpan interval, TimeSpan phase = default)
{
    private const int Spacing = 20;

    /// <summary>
    /// A snapshot and the trim behind it are two more writes to the store whatever their size. A small state (an agent's,
    /// a few hundred bytes) weighed as much as one or two entries, so 11,000 grains under 5,000 events/s wrote about
    /// 2,000 snapshots and 2,000 trims a second beside 5,000 appends, and the appends waited behind them
    /// (docs/performance.md, twenty-first pass). Replaying a few dozen small entries costs an activation one read.
    /// </summary>
    public const int MinJournalEntries = 32;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private DateTimeOffset lastAttempt = clock.GetUtcNow() + phase;
    private TimeSpan lastDuration;
    private long changes;
    private long saved;
    private long unjournaled;
    private long savedUnjournaled;
    private long journaledBytes;
    private long journaledEntries;

    /// <summary>
    /// How many journaled entries want a snapshot (at least <see cref="MinJournalEntries"/>). Grains fed at the same
    /// pace (a room's agents under steady traffic) would otherwise all reach the same count in the same second and
    /// write their snapshots together; <see cref="EntriesOf"/> spreads them per key.
    /// </summary>
    public int EntriesWanted { get; init; } = MinJournalEntries;

    /// <summary>The size of the last snapshot written or read (0 before any): what the journal must weigh to want the next.</summary>
    public long SnapshotBytes { get; set; }

    /// <summary>Consecutive failed writes (0 after a success).</summary>
    public int Failures { get; private set; }

    /// <summary>True while a change has not been written in a snapshot yet.</summary>
    public bool Unsaved => changes != saved;

    /// <summary>A change only a snapshot keeps (the journal does not hold it): written once the interval has passed.</summary>
    public void Changed()
    {
        changes++;
        unjournaled++;
    }

    /// <summary><paramref name="entries"/> changes of <paramref name="bytes"/> in all written to the journal (or replayed from it).</summary>
    public void Journaled(long bytes, int entries = 1)
    {
        changes++;
        journaledBytes += bytes;
        journaledEntries += entries;
    }

    /// <summary>
    /// A snapshot is wanted: a change only a snapshot keeps, or a journal since the last one as large as it and of at
    /// least <see cref="EntriesWanted"/> entries.
    /// </summary>
    public bool Pending => Unsaved && (unjournaled != savedUnjournaled
        || (journaledBytes >= SnapshotBytes && journaledEntries >= EntriesWanted));

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

    public bool IsDue => Pending && clock.GetUtcNow() >= NextAttempt;

    /// <summary>A grain's own offset within the interval, stable for its key and spread evenly across keys.</summary>
    public static TimeSpan PhaseOf(string key, TimeSpan interval) =>
        interval <= TimeSpan.Zero ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)(KeyHash.Of(key) % (ulong)interval.Ticks));

    /// <summary>A grain's own count of entries that want a snapshot, stable for its key: from one to two times <see cref="MinJournalEntries"/>.</summary>
    public static int EntriesOf(string key) => MinJournalEntries + (int)(KeyHash.Of(key) % MinJournalEntries);

    /// <summary>
    /// A write begins now; the grain runs it off its turn and learns its outcome later: what it includes is what has
    /// changed until now. End it with <see cref="Succeeded"/> or <see cref="Failed"/>.
    /// </summary>
    public SaveAttempt Begin()
    {
        lastAttempt = clock.GetUtcNow();
        return new SaveAttempt(changes, unjournaled, journaledBytes, journaledEntries, clock.GetTimestamp());
    }

    /// <summary>The write begun as <paramref name="attempt"/> is stored; it took <paramref name="took"/> (the spacing follows it).</summary>
    public void Succeeded(SaveAttempt attempt, TimeSpan took)
    {
        lastDuration = took;
        Failures = 0;
        saved = attempt.Changes;
        savedUnjournaled = attempt.Unjournaled;
        journaledBytes -= attempt.JournaledBytes;
        journaledEntries -= attempt.JournaledEntries;
    }

    /// <summary>The write failed: the state stays unsaved, due again after the back-off.</summary>
    public void Failed() => Failures++;
}

/// <summary>What a write that began includes (see <see cref="SnapshotSchedule.Begin"/>).</summary>
public readonly record struct SaveAttempt(long Changes, long Unjournaled, long JournaledBytes, long JournaledEntries, long StartedAt);
