using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Agents;

/// <summary>
/// One agent: the presence timeline (ordered by event time, so a late event never overrides a newer state),
/// the contacts they took, and the queues they serve. Pure: the caller passes the clock.
/// </summary>
[GenerateSerializer, Alias("cr.AgentLiveState")]
public sealed class AgentLiveState
{
    public const int MaxTimeline = 500;
    public static readonly TimeSpan ContactRetention = TimeSpan.FromHours(36);

    /// <summary>A contact answered longer ago than this is not taken as the one the agent is on now.</summary>
    public static readonly TimeSpan CurrentContactHorizon = TimeSpan.FromHours(4);

    [Id(0)] public List<PresenceEntry> Timeline { get; set; } = [];

    /// <summary>
    /// Legs this agent answered as whole legs, as states saved before <see cref="Contacts"/> existed hold them. Read
    /// only: a saved state's legs are kept aside here and folded into <see cref="Contacts"/> on first use, and nothing
    /// is written here again.
    /// </summary>
    [Id(1)]
    public Dictionary<string, LegFact>? LegacyContacts
    {
        get => null;
        set => legacyContacts = value;
    }

    /// <summary>Queues the agent served contacts from, with the last time.</summary>
    [Id(2)] public Dictionary<string, long> ServedQueues { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public string TimeZone { get; set; } = "Europe/Rome";

    /// <summary>
    /// A planner's assignment (rerouting). It wins over the queues the source reports until a planner changes or
    /// undoes it: ControlRoom is where the move was decided, and a source's next presence event would otherwise
    /// silently revert it.
    /// </summary>
    [Id(4)] public List<QueueAssignment>? Assignment { get; set; }

    /// <summary>Bumped whenever the timeline changes, so queues are sent a timeline only when it moved.</summary>
    [Id(5)] public long PresenceRevision { get; set; }

    /// <summary>
    /// The team from the presence event latest in event time that names one (<c>attributes.team</c>); kept apart from
    /// the bounded timeline so a long shift never forgets it, and chosen by event time so order does not matter.
    /// </summary>
    [Id(6)] public string? Team { get; set; }

    [Id(7)] public long TeamAtTicks { get; set; }

    [Id(8)] public string? TeamEventId { get; set; }

    /// <summary>
    /// Legs that rang at this agent without being answered: leg key → the leg's ring-no-answers (every agent's; the
    /// snapshot counts this agent's). Replaced whole per leg, so a re-derived leg never counts twice.
    /// </summary>
    [Id(9)] public Dictionary<string, RingMisses> Missed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Legs this agent answered, as much of each as the agent reads.</summary>
    [Id(10)]
    public Dictionary<AgentContactKey, AgentContact> Contacts
    {
        get => legacyContacts is null ? contacts : FoldLegacyContacts();
        set => contacts = value;
    }

    /// <summary>The queues <see cref="Contacts"/> name by slot, each once, in the order first served.</summary>
    [Id(11)] public List<string> ContactQueues { get; set; } = [];

    [NonSerialized]
    private Dictionary<AgentContactKey, AgentContact> contacts = [];

    [NonSerialized]
    private Dictionary<string, LegFact>? legacyContacts;

    /// <summary>The timeline with running totals, rebuilt only after a change (not serialized).</summary>
    [NonSerialized]
    private PresenceTimeline? occupancyTimeline;

    /// <summary>The queues served, sorted, kept until a new queue is served (not serialized).</summary>
    [NonSerialized]
    private IReadOnlyList<string>? servedQueuesSorted;

    [NonSerialized]
    private DerivedQueues? derivedQueues;

    // The agent grain asks for the next clock instants after every batch. Scanning the contacts for them each time
    // held HTTP ingest of the bank's months at 31-34k events/s instead of 41-46k (an agent of a replay holds
    // thousands), so both are running minimums: a contact added folds in, and only removing the contact that set the
    // minimum (or pruning) asks for a scan again.
    [NonSerialized]
    private PresenceClock presenceClock;

    [NonSerialized]
    private PruneClock pruneClock;

    private Dictionary<AgentContactKey, AgentContact> FoldLegacyContacts()
    {
        var legacy = legacyContacts!;
        legacyContacts = null;
        foreach (var leg in legacy.Values)
        {
            if (leg.AnsweredAt is not null)
            {
                contacts[AgentContactKey.Of(leg)] = AgentContact.Of(leg, QueueSlot(leg.QueueId));
            }
        }

        return contacts;
    }

    /// <summary>The queue's slot in <see cref="ContactQueues"/>, added when new (an agent serves a handful of queues).</summary>
    private int QueueSlot(string queueId)
    {
        var slot = ContactQueues.IndexOf(queueId);
        if (slot < 0)
        {
            slot = ContactQueues.Count;
            ContactQueues.Add(queueId);
        }

        return slot;
    }

    public bool HasData => Timeline.Count > 0 || Contacts.Count > 0 || Missed.Count > 0;

    /// <summary>Takes a leg that rang at this agent as it is now (retracting it as it was).</summary>
    public void ApplyMissed(LegChange change)
    {
        if (change.Old is { } old && Missed.Remove(old.Key, out var was))
        {
            pruneClock = pruneClock.Removed(LastMiss(was));
        }

        if (change.New is { RingNoAnswers: { } misses } leg)
        {
            Missed[leg.Key] = misses;
            pruneClock = pruneClock.Added(LastMiss(misses));
        }
    }

    private static DateTimeOffset? LastMiss(RingMisses misses) => misses.Items.Count > 0 ? misses.Items.Max(m => m.At) : null;

    /// <summary>This agent's ring-no-answers in [from, to).</summary>
    public int RingNoAnswersBetween(string agentId, DateTimeOffset from, DateTimeOffset to)
    {
        var count = 0;
        foreach (var misses in Missed.Values)
        {
            foreach (var miss in misses.Items)
            {
                if (miss.At >= from && miss.At < to && string.Equals(miss.AgentId, agentId, StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Adds a presence event, unless its id was seen before (a duplicate, or a conflict when it says something else).</summary>
    public PresenceOutcome ApplyPresence(ContactEvent e)
    {
        var added = new PresenceEntry(e.EventId, e.OccurredAt, e.State ?? AgentState.Offline, e.Reason, e.QueueIds);
        foreach (var entry in Timeline)
        {
            if (string.Equals(entry.EventId, e.EventId, StringComparison.Ordinal))
            {
                return entry.SameAs(added) ? PresenceOutcome.Duplicate : PresenceOutcome.Conflict;
            }
        }

        var at = Timeline.FindLastIndex(p => Compare(p, added) <= 0);
        Timeline.Insert(at + 1, added);
        if (Timeline.Count > MaxTimeline)
        {
            Timeline.RemoveAt(0);
        }

        PresenceRevision++;
        occupancyTimeline = null;
        ApplyTeam(e);
        return PresenceOutcome.Added;
    }

    /// <summary>An empty team clears it (the agent left their team); an event without the attribute says nothing.</summary>
    private void ApplyTeam(ContactEvent e)
    {
        if (e.Attributes is null || !e.Attributes.TryGetValue(ContactEvent.TeamAttribute, out var team))
        {
            return;
        }

        var ticks = e.OccurredAt.UtcTicks;
        if (TeamEventId is null || ticks > TeamAtTicks || (ticks == TeamAtTicks && string.CompareOrdinal(e.EventId, TeamEventId) > 0))
        {
            Team = string.IsNullOrWhiteSpace(team) ? null : team.Trim();
            TeamAtTicks = ticks;
            TeamEventId = e.EventId;
        }
    }

    public void ApplyLeg(LegChange change) => ApplyLeg(change, null);

    /// <summary>
    /// Applies a leg; true when it may change what the agent's queues are told (the inferred presence or the queues
    /// served), so a replayed month's contacts, far from <paramref name="now"/>, do not make the agent re-judge its
    /// presence for every batch.
    /// </summary>
    public bool ApplyLeg(LegChange change, DateTimeOffset? now)
    {
        var told = now is null || Near(change.Old, now.Value) || Near(change.New, now.Value);
        if (change.Old is { } old && Contacts.Remove(AgentContactKey.Of(old), out var removed))
        {
            pruneClock = pruneClock.Removed(removed.AnsweredAt);
            presenceClock = presenceClock.Removed(removed);
        }

        if (change.New is { AnsweredAt: { } answeredAt } leg)
        {
            var contact = AgentContact.Of(leg, QueueSlot(leg.QueueId));
            Contacts[AgentContactKey.Of(leg)] = contact;
            pruneClock = pruneClock.Added(answeredAt);
            presenceClock = presenceClock.Added(contact);
            if (!ServedQueues.TryGetValue(leg.QueueId, out var last))
            {
                servedQueuesSorted = null;
                told = true;
            }

            if (last < answeredAt.UtcTicks)
            {
                ServedQueues[leg.QueueId] = answeredAt.UtcTicks;
            }
        }

        return told;
    }

    /// <summary>The queues the agent serves: the skills of the latest presence event, else the queues served.</summary>
    public IReadOnlyList<string> Queues()
    {
        if (Assignment is { } assigned)
        {
            return [.. assigned.Select(a => a.QueueId)];
        }

        for (var i = Timeline.Count - 1; i >= 0; i--)
        {
            if (Timeline[i].QueueIds is { } skills)
            {
                return skills;
            }
        }

        return servedQueuesSorted ??= [.. ServedQueues.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The queues with priorities: the planner's assignment, else the source's queues at the default priority.</summary>
    public IReadOnlyList<QueueAssignment> Assignments() => Derived().Assignments;

    /// <summary>Every queue the agent is known to handle: skills ever reported, queues served, queues assigned.</summary>
    public IReadOnlyList<string> Skills() => Derived().Skills;

    /// <summary>
    /// Skills and assignments as last derived, kept while what they derive from is unchanged: the timeline (its
    /// revision), the queues served (they are only ever added) and the planner's assignment (replaced whole). Every
    /// snapshot asks for both, and the skills walk the whole timeline.
    /// </summary>
    private DerivedQueues Derived()
    {
        if (derivedQueues is { } kept && kept.Revision == PresenceRevision && kept.Served == ServedQueues.Count
            && ReferenceEquals(kept.Assignment, Assignment))
        {
            return kept;
        }

        var skills = new HashSet<string>(ServedQueues.Keys, StringComparer.Ordinal);
        foreach (var entry in Timeline)
        {
            if (entry.QueueIds is { } ids)
            {
                skills.UnionWith(ids);
            }
        }

        var queues = Queues();
        skills.UnionWith(queues);
        var sorted = new string[skills.Count];
        skills.CopyTo(sorted);
        Array.Sort(sorted, StringComparer.Ordinal);
        return derivedQueues = new DerivedQueues(PresenceRevision, ServedQueues.Count, Assignment, sorted,
            Assignment ?? QueueAssignments.FromQueues(queues));
    }

    private sealed record DerivedQueues(long Revision, int Served, List<QueueAssignment>? Assignment,
        IReadOnlyList<string> Skills, IReadOnlyList<QueueAssignment> Assignments);

    /// <summary>
    /// The agent's presence now. Without presence events (some sources send none) it is inferred from contacts:
    /// busy while on a contact, wrap-up until the after-contact work ends, otherwise absent.
    /// </summary>
    public (AgentPresence? Presence, string? Reason, bool Inferred) PresenceAt(string agentId, DateTimeOffset now)
    {
        if (Timeline.Count > 0)
        {
            var last = Timeline[^1];
            return (new AgentPresence(agentId, last.State, last.At) { Timeline = OccupancyTimeline() }, last.Reason, false);
        }

        if (CurrentContact(now) is { Value: var current })
        {
            return (new AgentPresence(agentId, current.EndedAt is null ? AgentState.Busy : AgentState.Wrapup,
                current.EndedAt ?? current.AnsweredAt), null, true);
        }

        return (null, null, true);
    }

    /// <summary>The presence timeline with running totals; null without presence events.</summary>
    public PresenceTimeline? OccupancyTimeline() =>
        Timeline.Count == 0 ? null : occupancyTimeline ??= Occupancy.Build(PresenceRevision, Timeline);

    /// <summary>Occupancy in percent over [from, now); null without presence events or without counted time.</summary>
    public double? OccupancyBetween(DateTimeOffset from, DateTimeOffset now)
    {
        if (OccupancyTimeline() is not { } timeline)
        {
            return null;
        }

        var (occupied, available) = Occupancy.Totals(timeline, from, now);
        return Occupancy.Percent(occupied, available);
    }

    /// <summary>The contact being talked or wrapped up now (answered within the last few hours, not finished).</summary>
    public KeyValuePair<AgentContactKey, AgentContact>? CurrentContact(DateTimeOffset now)
    {
        KeyValuePair<AgentContactKey, AgentContact>? current = null;
        long horizon = (now - CurrentContactHorizon).UtcTicks, nowTicks = now.UtcTicks;
        foreach (var pair in Contacts)
        {
            var leg = pair.Value;
            if (!leg.Finished && leg.AnsweredTicks >= horizon && leg.AnsweredTicks <= nowTicks
                && (current is null || leg.AnsweredTicks > current.Value.Value.AnsweredTicks))
            {
                current = leg.EndedTicks == 0 || Timeline.Count == 0 ? pair : current;
            }
        }

        return current;
    }

    /// <summary>
    /// The next instant after <paramref name="now"/> at which <see cref="PresenceAt"/> changes by the clock alone: an
    /// inferred presence starts when a contact's answer time comes and ends when it falls past the horizon. Null when
    /// the clock alone changes nothing (presence events decide, or no unfinished contact is near).
    /// </summary>
    public DateTimeOffset? NextPresenceChange(DateTimeOffset now)
    {
        if (Timeline.Count > 0)
        {
            return null;
        }

        if (!presenceClock.ValidAt(now))
        {
            DateTimeOffset? next = null;
            foreach (var leg in Contacts.Values)
            {
                next = Earlier(next, PresenceClock.Candidate(leg, now));
            }

            presenceClock = new PresenceClock(true, now, next);
        }

        return presenceClock.Next;
    }

    /// <summary>When <see cref="Prune"/> will next forget something (null: nothing to forget).</summary>
    public DateTimeOffset? NextPrune()
    {
        if (!pruneClock.Known)
        {
            DateTimeOffset? oldest = null;
            foreach (var leg in Contacts.Values)
            {
                oldest = Earlier(oldest, leg.AnsweredAt);
            }

            foreach (var missed in Missed.Values)
            {
                oldest = Earlier(oldest, LastMiss(missed));
            }

            pruneClock = new PruneClock(true, oldest);
        }

        return pruneClock.Oldest is { } at ? at + ContactRetention + TimeSpan.FromTicks(1) : null;
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a <= b ? a : b;

    public AgentSnapshot Snapshot(string agentId, DateTimeOffset now)
    {
        var (presence, reason, inferred) = PresenceAt(agentId, now);
        var (dayStart, dayEnd) = EventClock.Day(now, EventClock.Zone(TimeZone));
        int handled = 0, timed = 0;
        long handleMs = 0;
        foreach (var leg in Contacts.Values)
        {
            if (leg.AnsweredAt >= dayStart && leg.AnsweredAt < dayEnd)
            {
                handled++;
                if (leg.EndedAt is { } ended)
                {
                    timed++;
                    handleMs += KpiAccumulator.Millis(leg.AnsweredAt, ended)
                        + (leg.WrapupEndedAt is { } w ? KpiAccumulator.Millis(ended, w) : 0);
                }
            }
        }

        var current = CurrentContact(now);
        return new AgentSnapshot(
            agentId,
            presence?.State ?? AgentState.Offline,
            presence?.Since,
            presence is null ? 0 : KpiAccumulator.Round(Math.Max(0, (now - presence.Since).TotalSeconds)),
            Queues(),
            handled)
        {
            CurrentInteractionId = current?.Key.InteractionId,
            CurrentQueueId = current is { Value.QueueSlot: var slot } ? ContactQueues[slot] : null,
            Reason = reason,
            AhtToday = KpiAccumulator.MeanSeconds(handleMs, timed),
            AsOf = now,
            StateInferred = inferred,
            Assignments = Assignments(),
            Skills = Skills(),
            OccupancyToday = OccupancyBetween(dayStart, now),
            OccupancyRolling30m = OccupancyBetween(now - Occupancy.RollingWindow, now),
            Team = Team,
            RingNoAnswerToday = RingNoAnswersBetween(agentId, dayStart, dayEnd),
            RingNoAnswerRolling30m = RingNoAnswersBetween(agentId, now - Occupancy.RollingWindow, now + TimeSpan.FromTicks(1)),
        };
    }

    public void Prune(DateTimeOffset now)
    {
        var cutoff = now - ContactRetention;
        foreach (var key in Contacts.Where(c => c.Value.AnsweredAt < cutoff).Select(c => c.Key).ToList())
        {
            Contacts.Remove(key);
        }

        foreach (var key in Missed.Where(m => m.Value.Items.All(miss => miss.At < cutoff)).Select(m => m.Key).ToList())
        {
            Missed.Remove(key);
        }

        pruneClock = default;
        presenceClock = default;
    }

    /// <summary>
    /// The next inferred-presence instant as computed at <see cref="At"/>. It stays exact for any later instant before
    /// <see cref="Next"/> while no contact changes: each contact's own next instant only moves once the clock reaches it.
    /// </summary>
    private readonly record struct PresenceClock(bool Known, DateTimeOffset At, DateTimeOffset? Next)
    {
        public bool ValidAt(DateTimeOffset now) => Known && now >= At && (Next is null || now < Next);

        /// <summary>When the clock alone changes whether this contact is the current one; null when it never will again.</summary>
        public static DateTimeOffset? Candidate(AgentContact leg, DateTimeOffset now)
        {
            if (leg.Finished)
            {
                return null;
            }

            var answered = leg.AnsweredAt;
            // Current from its answer up to the horizon, inclusive: it stops counting a tick after.
            return answered > now ? answered
                : answered + CurrentContactHorizon >= now ? answered + CurrentContactHorizon + TimeSpan.FromTicks(1)
                : null;
        }

        public PresenceClock Added(AgentContact leg) =>
            Known && Candidate(leg, At) is { } at && (Next is null || at < Next) ? this with { Next = at } : this;

        /// <summary>Unknown again only when the contact removed set the instant.</summary>
        public PresenceClock Removed(AgentContact leg) => Known && Candidate(leg, At) is { } at && at == Next ? default : this;
    }

    /// <summary>The oldest instant kept (a contact's answer, a leg's last ring-no-answer), when known.</summary>
    private readonly record struct PruneClock(bool Known, DateTimeOffset? Oldest)
    {
        public PruneClock Added(DateTimeOffset? at) =>
            Known && at is { } value && (Oldest is null || value < Oldest) ? this with { Oldest = value } : this;

        public PruneClock Removed(DateTimeOffset? at) => Known && at is not null && at == Oldest ? default : this;
    }

    private static bool Near(LegFact? leg, DateTimeOffset now) =>
        leg?.AnsweredAt is { } at && at >= now - CurrentContactHorizon && at <= now;

    private static int Compare(PresenceEntry a, PresenceEntry b)
    {
        var byTime = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.EventId, b.EventId);
    }
}

[GenerateSerializer, Immutable, Alias("cr.PresenceEntry")]
public sealed record PresenceEntry(
    [property: Id(0)] string EventId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] AgentState State,
    [property: Id(3)] string? Reason,
    [property: Id(4)] IReadOnlyList<string>? QueueIds)
{
    /// <summary>Field by field (the record's equality compares the queue list by reference).</summary>
    public bool SameAs(PresenceEntry other) =>
        this with { QueueIds = null } == other with { QueueIds = null }
        && (QueueIds ?? []).SequenceEqual(other.QueueIds ?? [], StringComparer.Ordinal);
}

public enum PresenceOutcome
{
    Added,
    Duplicate,

    /// <summary>The event id was applied before with other content: not applied, reported to the source.</summary>
    Conflict,
}
