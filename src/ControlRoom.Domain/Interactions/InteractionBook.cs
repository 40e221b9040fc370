using System.Buffers.Binary;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Domain.Interactions;

/// <summary>
/// The interactions of one shard: each one's distinct events and the legs last handed to the queues. Applying
/// events is staged: <see cref="Stage"/> computes the leg changes without changing the book, and
/// <see cref="Commit"/> records them once the queues have applied them, so a failed hand-over loses nothing.
/// </summary>
[GenerateSerializer, Alias("cr.InteractionBook")]
public sealed class InteractionBook
{
    /// <summary>How long an interaction is remembered after its last event arrived (the de-duplication window).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>At most this many interactions per shard; the least recently touched go first.</summary>
    public const int MaxRecords = 250_000;

    [Id(0)] public Dictionary<string, InteractionRecord> Records { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long an interaction stays unpacked after its last event arrived (see <see cref="Pack"/>).</summary>
    public static readonly TimeSpan QuietBeforePacking = TimeSpan.FromMinutes(1);

    public int Count => Records.Count;

    // What a packed record holds in place of its lists: shared, since a record's lists are only read (a change
    // replaces the record), so 600,000 packed interactions do not keep 1.2 M empty lists.
    private static readonly List<ContactEvent> NoEvents = [];
    private static readonly List<LegFact> NoLegs = [];

    // What changed since the owner last took the changes to save them: a snapshot writes these records only, so its
    // cost follows the traffic since the last one, not the whole book (a day holds 600,000 interactions).
    [NonSerialized] private HashSet<string> changed = new(StringComparer.Ordinal);
    [NonSerialized] private HashSet<string> removed = new(StringComparer.Ordinal);

    /// <param name="now">When the events were received (the log entry's time), so a replay stages exactly alike.</param>
    /// <param name="packer">Unpacks the quiet interactions these events belong to; needed once the book holds packed ones.</param>
    public StagedBatch Stage(IReadOnlyList<ContactEvent> events, DateTimeOffset now, IEventPacker? packer = null)
    {
        var pending = new Dictionary<string, List<ContactEvent>>(StringComparer.Ordinal);
        var accepted = new List<ContactEvent>(events.Count);
        var duplicates = 0;
        List<string>? conflicts = null;
        foreach (var e in events)
        {
            var id = e.InteractionId!;
            if (!pending.TryGetValue(id, out var list))
            {
                list = Records.TryGetValue(id, out var record) ? [.. Unpacked(id, record, packer).Events] : [];
                pending[id] = list;
            }

            if (Find(list, e.EventId) is { } known)
            {
                if (known.SameContent(e))
                {
                    duplicates++;
                }
                else
                {
                    // The same id with other content is not a retry: never merged, reported to the source.
                    (conflicts ??= []).Add(e.EventId);
                }

                continue;
            }

            list.Add(e);
            accepted.Add(e);
        }

        var changes = new List<LegChange>();
        var updates = new List<(string Id, List<ContactEvent> Events, List<LegFact> Legs)>(pending.Count);
        foreach (var (id, list) in pending)
        {
            var oldLegs = Records.TryGetValue(id, out var record) ? record.Legs : [];
            if (record is not null && list.Count == record.Events.Count)
            {
                continue; // only duplicates
            }

            var newLegs = LegDerivation.Derive(id, list);
            Diff(oldLegs, newLegs, changes);
            updates.Add((id, list, newLegs));
        }

        return new StagedBatch(new IngestResult(accepted.Count, duplicates) { Conflicts = conflicts }, accepted, changes, updates, now);
    }

    /// <param name="packer">
    /// Packs the interactions this batch finished at once. Such an interaction rarely hears more, and as objects its events
    /// outlive the GC's young generations only to die in its oldest one, seconds later, when <see cref="Pack"/> comes by.
    /// </param>
    public void Commit(StagedBatch batch, IEventPacker? packer = null)
    {
        foreach (var (id, events, legs) in batch.Updates)
        {
            var record = new InteractionRecord { Events = events, Legs = legs, LastReceivedTicks = batch.At.UtcTicks };
            if (packer is not null && IsFinished(record))
            {
                PackWith(record, packer.Pack(events));
            }

            Records[id] = record;
            changed.Add(id);
            removed.Remove(id);
        }
    }

    /// <summary>
    /// The interactions committed and forgotten since the last call, for a snapshot that writes only those; the book
    /// starts counting again. Give them back with <see cref="Untake"/> when the write failed.
    /// </summary>
    public BookChanges TakeChanges()
    {
        var taken = new BookChanges(changed, removed);
        changed = new(StringComparer.Ordinal);
        removed = new(StringComparer.Ordinal);
        return taken;
    }

    /// <summary>Changes taken for a write that did not happen count as unsaved again.</summary>
    public void Untake(BookChanges changes)
    {
        foreach (var id in changes.Changed)
        {
            if (Records.ContainsKey(id))
            {
                changed.Add(id);
            }
        }

        foreach (var id in changes.Removed)
        {
            if (!Records.ContainsKey(id))
            {
                removed.Add(id);
            }
        }
    }

    /// <summary>Every interaction counts as changed (a book read from the whole-book snapshot of earlier versions).</summary>
    public void MarkAllChanged() => changed.UnionWith(Records.Keys);

    /// <summary>
    /// What a snapshot stores of an interaction, read back by <see cref="Restore"/>: when it was last heard of (8 bytes,
    /// little-endian ticks), then its events packed.
    /// </summary>
    public byte[] Saved(string id, IEventPacker packer)
    {
        var record = Records[id];
        var events = record.Packed ?? packer.Pack(record.Events);
        if (record.Packed is null && IsFinished(record))
        {
            // The bytes are made for the snapshot anyway: a finished interaction keeps them instead of its objects.
            PackWith(record, events);
        }

        var saved = new byte[sizeof(long) + events.Length];
        BinaryPrimitives.WriteInt64LittleEndian(saved, record.LastReceivedTicks);
        events.CopyTo(saved, sizeof(long));
        return saved;
    }

    /// <summary>An interaction read back from what <see cref="Saved"/> stored, packed: its legs are derived when its next event arrives.</summary>
    public void Restore(string id, byte[] saved) =>
        Records[id] = new InteractionRecord
        {
            Events = NoEvents,
            Legs = NoLegs,
            LastReceivedTicks = BinaryPrimitives.ReadInt64LittleEndian(saved),
            Packed = saved[sizeof(long)..],
        };

    /// <summary>
    /// Packs the interactions that are finished (every leg abandoned, transferred or ended) or quiet for
    /// <see cref="QuietBeforePacking"/>: their events are kept serialized, their legs dropped (they are derived from
    /// the events again when one more arrives, such as a late survey). Nothing the book answers changes; a day's
    /// interactions then take a third of the memory, and the shard's snapshot copies bytes rather than objects. Only
    /// the interactions still in progress stay as objects, whatever the traffic of the last minute.
    /// </summary>
    /// <returns>How many interactions were packed.</returns>
    public int Pack(DateTimeOffset now, IEventPacker packer)
    {
        var cutoff = (now - QuietBeforePacking).UtcTicks;
        var packed = 0;
        foreach (var record in Records.Values)
        {
            if (record.Packed is null && (record.LastReceivedTicks < cutoff || IsFinished(record)))
            {
                PackWith(record, packer.Pack(record.Events));
                packed++;
            }
        }

        return packed;
    }

    /// <summary>No leg can change any more without a new event: each was abandoned, transferred away, or answered and ended.</summary>
    internal static bool IsFinished(InteractionRecord record)
    {
        if (record.Legs.Count == 0)
        {
            return false;
        }

        foreach (var leg in record.Legs)
        {
            var done = leg.Outcome switch
            {
                LegOutcome.Abandoned or LegOutcome.TransferredOut => true,
                LegOutcome.Answered => leg.EndedAt is not null,
                _ => false,
            };
            if (!done)
            {
                return false;
            }
        }

        return true;
    }

    private static void PackWith(InteractionRecord record, byte[] packed)
    {
        record.Packed = packed;
        record.Events = NoEvents;
        record.Legs = NoLegs;
    }

    /// <summary>Forgets interactions not heard of within the retention, and the oldest beyond the cap.</summary>
    public int Prune(DateTimeOffset now)
    {
        var cutoff = (now - Retention).UtcTicks;
        var doomed = Records.Where(r => r.Value.LastReceivedTicks < cutoff).Select(r => r.Key).ToList();
        var excess = Records.Count - doomed.Count - MaxRecords;
        if (excess > 0)
        {
            doomed.AddRange(Records.Where(r => r.Value.LastReceivedTicks >= cutoff)
                .OrderBy(r => r.Value.LastReceivedTicks).Take(excess).Select(r => r.Key));
        }

        foreach (var id in doomed)
        {
            Records.Remove(id);
            changed.Remove(id);
            removed.Add(id);
        }

        return doomed.Count;
    }

    /// <summary>
    /// Leg changes by position. A leg that moved to another queue (a late offer re-anchoring a transfer) is
    /// retracted from the old queue and added to the new one as two changes.
    /// </summary>
    internal static void Diff(IReadOnlyList<LegFact> oldLegs, IReadOnlyList<LegFact> newLegs, List<LegChange> changes)
    {
        for (var i = 0; i < Math.Max(oldLegs.Count, newLegs.Count); i++)
        {
            var old = i < oldLegs.Count ? oldLegs[i] : null;
            var now = i < newLegs.Count ? newLegs[i] : null;
            if (Equals(old, now))
            {
                continue;
            }

            if (old is not null && now is not null && !string.Equals(old.QueueId, now.QueueId, StringComparison.Ordinal))
            {
                changes.Add(new LegChange(old, null));
                changes.Add(new LegChange(null, now));
            }
            else
            {
                changes.Add(new LegChange(old, now));
            }
        }
    }

    /// <summary>
    /// The record with its events and legs in memory again. Unpacking changes no figure (the legs derived from the same
    /// events are the legs handed over before), so it is done in place even while a batch is only staged.
    /// </summary>
    private InteractionRecord Unpacked(string id, InteractionRecord record, IEventPacker? packer)
    {
        if (record.Packed is not { } bytes)
        {
            return record;
        }

        var events = (packer ?? throw new InvalidOperationException("The book holds packed interactions: staging needs their packer.")).Unpack(bytes);
        var unpacked = new InteractionRecord { Events = events, Legs = LegDerivation.Derive(id, events), LastReceivedTicks = record.LastReceivedTicks };
        Records[id] = unpacked;
        return unpacked;
    }

    private static ContactEvent? Find(List<ContactEvent> events, string eventId)
    {
        foreach (var e in events)
        {
            if (string.Equals(e.EventId, eventId, StringComparison.Ordinal))
            {
                return e;
            }
        }

        return null;
    }
}

[GenerateSerializer, Alias("cr.InteractionRecord")]
public sealed class InteractionRecord
{
    [Id(0)] public List<ContactEvent> Events { get; set; } = [];
    [Id(1)] public List<LegFact> Legs { get; set; } = [];
    [Id(2)] public long LastReceivedTicks { get; set; }

    /// <summary>The events, serialized, while the interaction is quiet (then <see cref="Events"/> and <see cref="Legs"/> are empty).</summary>
    [Id(3)] public byte[]? Packed { get; set; }
}

/// <summary>Keeps a quiet interaction's events as bytes and gets them back, exactly (the shard's serializer).</summary>
public interface IEventPacker
{
    byte[] Pack(List<ContactEvent> events);

    List<ContactEvent> Unpack(byte[] packed);
}

/// <summary>Interactions committed (<see cref="Changed"/>) and forgotten (<see cref="Removed"/>) since changes were last taken.</summary>
public sealed record BookChanges(IReadOnlyCollection<string> Changed, IReadOnlyCollection<string> Removed);

/// <summary>What applying a batch would change, not yet recorded in the book.</summary>
public sealed record StagedBatch(
    IngestResult Result,
    IReadOnlyList<ContactEvent> Accepted,
    IReadOnlyList<LegChange> Changes,
    IReadOnlyList<(string Id, List<ContactEvent> Events, List<LegFact> Legs)> Updates,
    DateTimeOffset At);
