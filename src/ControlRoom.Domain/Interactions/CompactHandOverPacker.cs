using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Domain.Interactions;

/// <summary>
/// Packs what a shard hands a queue (<see cref="LegBatch"/>), an agent (<see cref="AgentBatch"/>) or the call-back
/// worklist (<see cref="CallbackFact"/>s) for their journals, in the manner of <see cref="CompactEventPacker"/>: a text
/// seen before in the same bytes is a back-reference (the interaction id of a leg's old and new state, its queue, its
/// agent), instants are deltas (a leg's from its offer, the offer from the batch's time), and an absent field takes no
/// byte. The general serializer tracks every object it writes by reference: in a profile of HTTP ingest that was a
/// tenth of the time, and these entries are most of what a room journals. Every field comes back exactly; the first byte marks the format (<see cref="IsCompact"/>), so
/// entries journaled by earlier versions are told apart and still read.
/// </summary>
public static class CompactHandOverPacker
{
    /// <summary>The format's first byte. The general serializer's bytes for a journal entry start otherwise (0x20 and above).</summary>
    public const byte Format = 0x03;

    private const byte QueueLegs = 1;
    private const byte AgentLegs = 2;
    private const byte CallbackFacts = 3;

    [ThreadStatic] private static CompactWriter? writer;

    public static bool IsCompact(ReadOnlySpan<byte> packed) => packed.Length > 1 && packed[0] == Format;

    public static byte[] Pack(LegBatch batch)
    {
        var w = Begin(QueueLegs, batch.Shard, batch.Position, batch.At);
        w.Signed(batch.SourceLag.Ticks);
        WriteChanges(w, batch.Changes, batch.At.UtcTicks);
        return w.ToArray();
    }

    public static byte[] Pack(AgentBatch batch)
    {
        var w = Begin(AgentLegs, batch.Shard, batch.Position, batch.At);
        WriteChanges(w, batch.Changes, batch.At.UtcTicks);
        WriteChanges(w, batch.MissedLegs, batch.At.UtcTicks);
        CompactEventPacker.WriteEvents(w, batch.Presence);
        return w.ToArray();
    }

    public static LegBatch UnpackLegBatch(byte[] packed)
    {
        var r = Open(packed, QueueLegs, out var shard, out var position, out var at);
        var lag = TimeSpan.FromTicks(r.Signed());
        var changes = ReadChanges(ref r, at.UtcTicks);
        return r.AtEnd
            ? new LegBatch(shard, position, at, changes) { SourceLag = lag }
            : throw new ArgumentException("Bytes were left after the packed legs.", nameof(packed));
    }

    public static AgentBatch UnpackAgentBatch(byte[] packed)
    {
        var r = Open(packed, AgentLegs, out var shard, out var position, out var at);
        var changes = ReadChanges(ref r, at.UtcTicks);
        var missed = ReadChanges(ref r, at.UtcTicks);
        var presence = CompactEventPacker.ReadEvents(ref r);
        return r.AtEnd
            ? new AgentBatch(shard, position, at, changes, presence) { MissedLegs = missed }
            : throw new ArgumentException("Bytes were left after the packed legs.", nameof(packed));
    }

    public static byte[] Pack(IReadOnlyList<CallbackFact> facts)
    {
        var w = Start(CallbackFacts);
        w.Unsigned((ulong)facts.Count);
        var previous = 0L;
        foreach (var fact in facts)
        {
            var offsets = fact.OfferedAt.Offset != TimeSpan.Zero || fact.At.Offset != TimeSpan.Zero;
            w.Unsigned((ulong)((fact.CustomerId is null ? 0 : 1) | (offsets ? 2 : 0)));
            w.Signed((long)fact.Kind);
            w.Text(fact.InteractionId);
            w.Text(fact.QueueId);
            w.Signed((long)fact.Channel);
            if (fact.CustomerId is { } customer)
            {
                w.Text(customer);
            }

            w.Instant(fact.OfferedAt, previous, offsets);
            w.Instant(fact.At, fact.OfferedAt.UtcTicks, offsets);
            previous = fact.OfferedAt.UtcTicks;
        }

        return w.ToArray();
    }

    public static List<CallbackFact> UnpackCallbackFacts(byte[] packed)
    {
        var r = Read(packed, CallbackFacts);
        var count = checked((int)r.Unsigned());
        var facts = new List<CallbackFact>(count);
        var previous = 0L;
        for (var i = 0; i < count; i++)
        {
            var flags = r.Unsigned();
            var offsets = (flags & 2) != 0;
            var kind = (CallbackFactKind)r.Signed();
            var interaction = r.Text();
            var queue = r.Text();
            var channel = (Channel)r.Signed();
            var customer = (flags & 1) != 0 ? r.Text() : null;
            var offeredAt = r.Instant(previous, offsets);
            var at = r.Instant(offeredAt.UtcTicks, offsets);
            previous = offeredAt.UtcTicks;
            facts.Add(new CallbackFact(kind, interaction, queue, channel, customer, offeredAt, at));
        }

        return r.AtEnd ? facts : throw new ArgumentException("Bytes were left after the packed facts.", nameof(packed));
    }

    /// <summary>The thread's writer, emptied, after the format's byte and the kind's.</summary>
    private static CompactWriter Start(byte kind)
    {
        var w = writer ??= new CompactWriter();
        w.Reset();
        w.Byte(Format);
        w.Byte(kind);
        return w;
    }

    /// <summary>A reader after the format's byte and the kind's, which must be <paramref name="kind"/>.</summary>
    private static CompactReader Read(byte[] packed, byte kind) => IsCompact(packed) && packed[1] == kind
        ? new CompactReader(packed, 2)
        : throw new ArgumentException("These bytes were not packed as this kind of hand-over.", nameof(packed));

    private static CompactWriter Begin(byte kind, int shard, long position, DateTimeOffset at)
    {
        var w = Start(kind);
        w.Signed(shard);
        w.Signed(position);
        w.Instant(at, 0, offset: true);
        return w;
    }

    private static CompactReader Open(byte[] packed, byte kind, out int shard, out long position, out DateTimeOffset at)
    {
        var r = Read(packed, kind);
        shard = checked((int)r.Signed());
        position = r.Signed();
        at = r.Instant(0, offset: true);
        return r;
    }

    private static void WriteChanges(CompactWriter w, IReadOnlyList<LegChange> changes, long baseTicks)
    {
        w.Unsigned((ulong)changes.Count);
        foreach (var change in changes)
        {
            w.Unsigned((ulong)((change.Old is null ? 0 : 1) | (change.New is null ? 0 : 2)));
            if (change.Old is { } old)
            {
                WriteLeg(w, old, baseTicks);
            }

            if (change.New is { } now)
            {
                WriteLeg(w, now, baseTicks);
            }
        }
    }

    private static List<LegChange> ReadChanges(ref CompactReader r, long baseTicks)
    {
        var count = checked((int)r.Unsigned());
        var changes = new List<LegChange>(count);
        for (var i = 0; i < count; i++)
        {
            var present = r.Unsigned();
            var old = (present & 1) != 0 ? ReadLeg(ref r, baseTicks) : null;
            var now = (present & 2) != 0 ? ReadLeg(ref r, baseTicks) : null;
            changes.Add(new LegChange(old, now));
        }

        return changes;
    }

    private static void WriteLeg(CompactWriter w, LegFact leg, long baseTicks)
    {
        var flags = FlagsOf(leg);
        w.Unsigned((ulong)flags);
        w.Text(leg.InteractionId);
        w.Signed(leg.LegIndex);
        w.Text(leg.QueueId);
        w.Signed((long)leg.Channel);
        w.Signed((long)leg.Outcome);
        var offsets = (flags & Field.Offsets) != 0;
        var offered = leg.OfferedAt.UtcTicks;
        w.Instant(leg.OfferedAt, baseTicks, offsets);
        InstantIf(w, leg.OutcomeAt, offered, offsets);
        InstantIf(w, leg.EndedAt, offered, offsets);
        InstantIf(w, leg.WrapupEndedAt, offered, offsets);
        InstantIf(w, leg.FirstReplyAt, offered, offsets);
        InstantIf(w, leg.ResolvedAt, offered, offsets);
        InstantIf(w, leg.AnsweredAt, offered, offsets);
        InstantIf(w, leg.TransferredAt, offered, offsets);
        if (leg.AgentId is { } agent)
        {
            w.Text(agent);
        }

        if (leg.Csat is { } csat)
        {
            w.Signed(csat);
        }

        if (leg.Nps is { } nps)
        {
            w.Signed(nps);
        }

        if (leg.RingNoAnswers is { } misses)
        {
            w.Unsigned((ulong)misses.Items.Count);
            foreach (var miss in misses.Items)
            {
                w.Text(miss.AgentId);
                w.Instant(miss.At, offered, offsets);
            }
        }
    }

    private static LegFact ReadLeg(ref CompactReader r, long baseTicks)
    {
        var flags = (Field)r.Unsigned();
        var interaction = r.Text();
        var index = checked((int)r.Signed());
        var queue = r.Text();
        var channel = (Channel)r.Signed();
        var outcome = (LegOutcome)r.Signed();
        var offsets = (flags & Field.Offsets) != 0;
        var offeredAt = r.Instant(baseTicks, offsets);
        var offered = offeredAt.UtcTicks;
        var outcomeAt = ReadInstantIf(ref r, flags, Field.OutcomeAt, offered, offsets);
        var endedAt = ReadInstantIf(ref r, flags, Field.EndedAt, offered, offsets);
        var wrapupEndedAt = ReadInstantIf(ref r, flags, Field.WrapupEndedAt, offered, offsets);
        var firstReplyAt = ReadInstantIf(ref r, flags, Field.FirstReplyAt, offered, offsets);
        var resolvedAt = ReadInstantIf(ref r, flags, Field.ResolvedAt, offered, offsets);
        var answeredAt = ReadInstantIf(ref r, flags, Field.AnsweredAt, offered, offsets);
        var transferredAt = ReadInstantIf(ref r, flags, Field.TransferredAt, offered, offsets);
        var agent = (flags & Field.AgentId) != 0 ? r.Text() : null;
        int? csat = (flags & Field.Csat) != 0 ? checked((int)r.Signed()) : null;
        int? nps = (flags & Field.Nps) != 0 ? checked((int)r.Signed()) : null;
        RingMisses? misses = null;
        if ((flags & Field.RingNoAnswers) != 0)
        {
            var items = new RingMiss[checked((int)r.Unsigned())];
            for (var i = 0; i < items.Length; i++)
            {
                var missAgent = r.Text();
                items[i] = new RingMiss(missAgent, r.Instant(offered, offsets));
            }

            misses = new RingMisses(items);
        }

        return new LegFact(interaction, index, queue, channel, offeredAt)
        {
            Outcome = outcome,
            OutcomeAt = outcomeAt,
            AgentId = agent,
            EndedAt = endedAt,
            WrapupEndedAt = wrapupEndedAt,
            FirstReplyAt = firstReplyAt,
            ResolvedAt = resolvedAt,
            FirstContact = (flags & Field.FirstContactTrue) != 0 ? true : (flags & Field.FirstContactFalse) != 0 ? false : null,
            Csat = csat,
            Nps = nps,
            AnsweredAt = answeredAt,
            TransferredAt = transferredAt,
            OfferMissing = (flags & Field.OfferMissing) != 0,
            RingNoAnswers = misses,
        };
    }

    private static Field FlagsOf(LegFact leg)
    {
        var flags = Field.None;
        flags |= leg.OutcomeAt is null ? 0 : Field.OutcomeAt;
        flags |= leg.AgentId is null ? 0 : Field.AgentId;
        flags |= leg.EndedAt is null ? 0 : Field.EndedAt;
        flags |= leg.WrapupEndedAt is null ? 0 : Field.WrapupEndedAt;
        flags |= leg.AnsweredAt is null ? 0 : Field.AnsweredAt;
        flags |= leg.FirstReplyAt is null ? 0 : Field.FirstReplyAt;
        flags |= leg.ResolvedAt is null ? 0 : Field.ResolvedAt;
        flags |= leg.TransferredAt is null ? 0 : Field.TransferredAt;
        flags |= leg.Csat is null ? 0 : Field.Csat;
        flags |= leg.Nps is null ? 0 : Field.Nps;
        flags |= leg.RingNoAnswers is null ? 0 : Field.RingNoAnswers;
        flags |= leg.OfferMissing ? Field.OfferMissing : 0;
        flags |= leg.FirstContact switch { true => Field.FirstContactTrue, false => Field.FirstContactFalse, null => 0 };
        var offsets = leg.OfferedAt.Offset != TimeSpan.Zero
            || HasOffset(leg.OutcomeAt) || HasOffset(leg.EndedAt) || HasOffset(leg.WrapupEndedAt) || HasOffset(leg.FirstReplyAt)
            || HasOffset(leg.ResolvedAt) || HasOffset(leg.AnsweredAt) || HasOffset(leg.TransferredAt)
            || MissOffsets(leg.RingNoAnswers);
        return offsets ? flags | Field.Offsets : flags;
    }

    private static bool HasOffset(DateTimeOffset? at) => at is { } value && value.Offset != TimeSpan.Zero;

    private static bool MissOffsets(RingMisses? misses)
    {
        var items = misses?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].At.Offset != TimeSpan.Zero)
            {
                return true;
            }
        }

        return false;
    }

    private static void InstantIf(CompactWriter w, DateTimeOffset? at, long fromTicks, bool offsets)
    {
        if (at is { } value)
        {
            w.Instant(value, fromTicks, offsets);
        }
    }

    private static DateTimeOffset? ReadInstantIf(ref CompactReader r, Field flags, Field field, long fromTicks, bool offsets) =>
        (flags & field) != 0 ? r.Instant(fromTicks, offsets) : null;

    /// <summary>Which of a leg's fields are present; those of an answered call first, so that their flags fit in one or two bytes.</summary>
    [Flags]
    private enum Field
    {
        None = 0,
        OutcomeAt = 1 << 0,
        AgentId = 1 << 1,
        EndedAt = 1 << 2,
        WrapupEndedAt = 1 << 3,
        AnsweredAt = 1 << 4,
        Offsets = 1 << 5,
        FirstReplyAt = 1 << 6,
        ResolvedAt = 1 << 7,
        TransferredAt = 1 << 8,
        Csat = 1 << 9,
        Nps = 1 << 10,
        RingNoAnswers = 1 << 11,
        OfferMissing = 1 << 12,
        FirstContactTrue = 1 << 13,
        FirstContactFalse = 1 << 14,
    }
}
