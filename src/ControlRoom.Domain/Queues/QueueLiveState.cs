using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Kpis;
using ControlRoom.Domain.Rules;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Queues;

/// <summary>
/// Everything one queue knows: counters per 15-minute interval (history) and per minute (the rolling window),
/// the contacts open in it now, the agents serving it and its rules' state. Pure: the caller passes the clock.
/// </summary>
[GenerateSerializer, Alias("cr.QueueLiveState")]
public sealed class QueueLiveState
{
    /// <summary>History kept behind the newest interval seen (event time, so replayed months stay queryable).</summary>
    public static readonly TimeSpan IntervalRetention = TimeSpan.FromDays(35);

    /// <summary>Minute counters kept behind now; the rolling window needs 30 minutes of them.</summary>
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromHours(2);

    /// <summary>A synchronous contact still open after this long is taken as lost by the source, not waiting.</summary>
    public static readonly TimeSpan MaxWaitingAge = TimeSpan.FromHours(4);

    /// <summary>An asynchronous contact older than this is no longer counted in the live backlog.</summary>
    public static readonly TimeSpan MaxBacklogAge = TimeSpan.FromDays(30);

    public const int RollingMinutes = 30;

    /// <summary>
    /// How far behind its source a queue may be before it is catching up (option <c>ControlRoom:CatchUpLag</c>): five
    /// minutes, well above a live feed's seconds and the minutes a connector may batch, well below a backlog's hours.
    /// </summary>
    public static readonly TimeSpan DefaultCatchUpLag = TimeSpan.FromMinutes(5);

    [Id(0)] public QueueSettings Settings { get; set; } = new();
    [Id(1)] public Dictionary<long, KpiAccumulator> Intervals { get; set; } = [];
    [Id(2)] public Dictionary<long, KpiAccumulator> Minutes { get; set; } = [];

    /// <summary>Synchronous contacts waiting: leg key → offered (UTC ticks).</summary>
    [Id(3)] public Dictionary<string, long> Waiting { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Asynchronous contacts open (offered, not resolved): leg key → offered (UTC ticks).</summary>
    [Id(4)] public Dictionary<string, long> Backlog { get; set; } = new(StringComparer.Ordinal);

    [Id(5)] public Dictionary<string, AgentPresence> Agents { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, RuleTracker> RuleStates { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public Channel? Channel { get; set; }
    [Id(8)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(9)] public long NewestIntervalTicks { get; set; }

    /// <summary>Contacts answered by an agent within the observation window or still held: leg key → who held it when.</summary>
    [Id(10)] public Dictionary<string, HeldContact> Held { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Agents by state per 15-minute interval, fed by the presence of the agents serving the queue.</summary>
    [Id(11)] public AgentStateBook AgentStates { get; set; } = new();

    /// <summary>
    /// The freshest news the queue's source has sent: the newest event of the request with the newest events among
    /// those that brought this queue legs (never after its arrival). Null before the first such request.
    /// </summary>
    [Id(12)] public DateTimeOffset? SourceNewestAt { get; set; }

    /// <summary>How far behind its source that request was when it arrived (<see cref="NoteSource"/>).</summary>
    [Id(13)] public TimeSpan SourceLag { get; set; }

    // The day's and the rolling window's figures, kept until a bucket changes or the window moves: the forecaster asks
    // every queue for its snapshot every five seconds, and summing a day of intervals each time was most of an idle
    // room's CPU (1,000 queues after a day: KpiAccumulator.AddFrom alone, 12 %).
    [NonSerialized]
    private long bucketsVersion;

    [NonSerialized]
    private WindowFigures? today;

    [NonSerialized]
    private WindowFigures? rolling;

    // Each window's buckets before the newest it holds, summed once: contacts arrive in the newest interval, so after a
    // change the day is that sum plus one bucket, not 96 (judging a busy queue after every change summed its day each
    // time: 3 % of a large room's CPU). The lowest bucket changed since a sum was taken tells whether it still holds;
    // 0, as after loading, says it never does.
    [NonSerialized]
    private WindowPrefix? todayPrefix;

    [NonSerialized]
    private WindowPrefix? rollingPrefix;

    [NonSerialized]
    private long intervalsChangedFrom;

    [NonSerialized]
    private long minutesChangedFrom;

    public bool HasData => LastEventAt is not null || Agents.Count > 0;

    public IReadOnlyList<SlaRule> EffectiveRules =>
        Settings.Rules.Count > 0 ? Settings.Rules : DefaultRules.For(Channel, Settings.ServiceLevelTarget);

    /// <summary>True when a rule in force reads what agents' presence moves, so an agent's change must be judged.</summary>
    public bool RulesReadAgents
    {
        get
        {
            var rules = EffectiveRules;
            for (var i = 0; i < rules.Count; i++)
            {
                if (SlaMetrics.ReadsAgents(rules[i].Metric))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>What one log entry changed for this queue: its legs, at the entry's arrival, and how far behind its source was.</summary>
    public void Apply(LegBatch batch)
    {
        foreach (var change in batch.Changes)
        {
            Apply(change, batch.At);
        }

        NoteSource(batch.At, batch.SourceLag);
    }

    /// <summary>Retracts the leg as it was and adds it as it is now.</summary>
    public void Apply(LegChange change, DateTimeOffset now)
    {
        if (change.Old is { } old)
        {
            Contribute(old, -1, now);
            Waiting.Remove(old.Key);
            Backlog.Remove(old.Key);
            Held.Remove(old.Key);
        }

        if (change.New is { } leg)
        {
            Channel ??= leg.Channel;
            Contribute(leg, +1, now);
            if (IsWaiting(leg))
            {
                Waiting[leg.Key] = leg.OfferedAt.UtcTicks;
            }
            else if (IsInBacklog(leg))
            {
                Backlog[leg.Key] = leg.OfferedAt.UtcTicks;
            }

            if (HeldContact.Of(leg, now) is { } held)
            {
                Held[leg.Key] = held;
            }

            var latest = Latest(leg);
            if (LastEventAt is null || latest > LastEventAt)
            {
                LastEventAt = latest;
            }
        }
    }

    /// <summary>
    /// Records how far behind its source the request of a batch of legs was. The request with the freshest news
    /// decides (ties: the later arrival): a source back from an outage posts its backlog oldest first, each request
    /// newer than the last, so the queue is catching up until the newest are live again; a request of older events
    /// than the queue has already heard of (a replayed history beside a live feed) says nothing about how far behind
    /// the feed is. The outcome does not depend on the order batches are applied in, so a replay derives the same.
    /// </summary>
    public void NoteSource(DateTimeOffset receivedAt, TimeSpan lag)
    {
        lag = lag > TimeSpan.Zero ? lag : TimeSpan.Zero;
        var newest = receivedAt - lag;
        if (SourceNewestAt is not { } known || newest > known || (newest == known && lag > SourceLag))
        {
            SourceNewestAt = newest;
            SourceLag = lag;
        }
    }

    /// <summary>
    /// Whether the queue's source is catching up on old events: its freshest request was further behind than
    /// <paramref name="limit"/>. Its open contacts may have been answered in events still to come, so rules on them
    /// are not judged until the source is live again.
    /// </summary>
    public bool IsCatchingUp(TimeSpan limit) => SourceNewestAt is not null && SourceLag > limit;

    /// <summary>
    /// What the queue knows of an agent serving it; null when the agent no longer serves it. <paramref name="now"/>
    /// ends the state of an agent that leaves (without it, the agent's last state is not counted).
    /// </summary>
    public void SetAgent(string agentId, AgentPresence? presence, DateTimeOffset? now = null)
    {
        AgentStates.Change(Agents.GetValueOrDefault(agentId), presence, now);
        if (presence is null)
        {
            Agents.Remove(agentId);
        }
        else
        {
            Agents[agentId] = presence;
        }
    }

    /// <summary>
    /// Applies new settings. Open episodes of the old rules end with an <c>ok</c> deviation, so no screen keeps a
    /// banner that no rule will ever clear; the new rules are then judged from scratch.
    /// </summary>
    public void ReplaceSettings(QueueSettings settings, string queueId, DateTimeOffset now, List<Deviation> deviations)
    {
        foreach (var rule in EffectiveRules)
        {
            if (RuleStates.TryGetValue(rule.RuleId, out var tracker) && tracker.Level != Severity.Ok)
            {
                deviations.Add(new Deviation(queueId, rule.RuleId, rule.Metric, Severity.Ok, tracker.LastValue ?? 0,
                    rule.Warning, tracker.EpisodeSince ?? now, now) { Worst = tracker.Worst });
            }
        }

        Settings = settings;
        RuleStates.Clear();
    }

    /// <summary>
    /// The snapshot at <paramref name="now"/> with the rules evaluated; deviations go to <paramref name="deviations"/>.
    /// While the queue is catching up (beyond <paramref name="catchUpLag"/>, else <see cref="DefaultCatchUpLag"/>), rules
    /// on its open contacts keep their state as it was: they neither raise nor recover on waits nobody can vouch for.
    /// </summary>
    public QueueSnapshot Evaluate(string queueId, DateTimeOffset now, List<Deviation> deviations, TimeSpan? catchUpLag = null)
    {
        var snapshot = Snapshot(queueId, now, catchUpLag);
        var breaches = new List<Breach>();
        var severity = Severity.Ok;
        foreach (var rule in EffectiveRules)
        {
            if (!RuleStates.TryGetValue(rule.RuleId, out var tracker))
            {
                tracker = new RuleTracker();
                RuleStates[rule.RuleId] = tracker;
            }

            var (value, volume) = SlaMetrics.Read(snapshot, rule.Metric);
            var previousSince = tracker.EpisodeSince;
            if (!(snapshot.CatchingUp && SlaMetrics.ReadsOpenContacts(rule.Metric))
                && tracker.Evaluate(rule, value, volume, now) is { } changed)
            {
                deviations.Add(new Deviation(queueId, rule.RuleId, rule.Metric, changed, value ?? tracker.LastValue ?? 0,
                    RuleTracker.Threshold(rule, changed == Severity.Ok ? Severity.Warning : changed),
                    tracker.EpisodeSince ?? previousSince ?? now, now) { Worst = tracker.Worst });
            }

            if (tracker.ToBreach(rule) is { } breach)
            {
                breaches.Add(breach);
                severity = breach.Severity > severity ? breach.Severity : severity;
            }
        }

        return snapshot with { Breaches = breaches, Status = severity };
    }

    /// <summary>The figures at <paramref name="now"/>, without judging rules; catching up beyond <paramref name="catchUpLag"/> (else <see cref="DefaultCatchUpLag"/>).</summary>
    public QueueSnapshot Snapshot(string queueId, DateTimeOffset now, TimeSpan? catchUpLag = null)
    {
        var zone = EventClock.Zone(Settings.TimeZone);
        var (dayStart, dayEnd) = EventClock.Day(now, zone);
        var todayFigures = Figures(ref today, ref todayPrefix, ref intervalsChangedFrom, Intervals, EventClock.Interval, dayStart.UtcTicks, dayEnd.UtcTicks);
        var minute = EventClock.MinuteStart(now);
        var rollingStart = minute.AddMinutes(-(RollingMinutes - 1));

        // Up to now inclusive; the buckets start on whole minutes, so the minute's start + 1 tick takes the same ones.
        var rollingFigures = Figures(ref rolling, ref rollingPrefix, ref minutesChangedFrom, Minutes, TimeSpan.FromMinutes(1), rollingStart.UtcTicks, minute.UtcTicks + 1);

        var (waiting, oldestWaiting) = CountOpen(Waiting, now, MaxWaitingAge);
        var (backlog, oldestBacklog) = CountOpen(Backlog, now, MaxBacklogAge);
        double? oldestBacklogSeconds = oldestBacklog is { } ob ? Seconds(ob, now) : null;
        var occupancyToday = AgentOccupancy(dayStart, now);
        var occupancyRolling = AgentOccupancy(now - Occupancy.RollingWindow, now);

        return new QueueSnapshot(
            queueId,
            now,
            Severity.Ok,
            waiting,
            oldestWaiting is { } ow ? Seconds(ow, now) : 0,
            CountAgents(),
            todayFigures with { Backlog = backlog, OldestBacklogSeconds = oldestBacklogSeconds, Occupancy = occupancyToday },
            rollingFigures with { Backlog = backlog, OldestBacklogSeconds = oldestBacklogSeconds, Occupancy = occupancyRolling },
            [])
        {
            Channel = Channel,
            OldestWaitingSince = oldestWaiting,
            ServiceLevelTarget = Settings.ServiceLevelTarget,
            ServiceLevelThresholdSeconds = Settings.ServiceLevelThresholdSeconds,
            TimeZone = Settings.TimeZone,
            LastEventAt = LastEventAt,
            MaxConcurrentContacts = Settings.MaxConcurrentContacts,
            ObservedConcurrency = Concurrency.Observe(Held.Values.Select(h => h.Span), now - Concurrency.ObservationWindow, now),
            InProgress = Held.Values.Count(h => h.IsHeldAt(now)),
            CatchingUp = IsCatchingUp(catchUpLag ?? DefaultCatchUpLag),
            SourceLagSeconds = SourceNewestAt is null ? null : KpiAccumulator.Round(SourceLag.TotalSeconds),
        };
    }

    public List<IntervalFigures> GetIntervals(DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<IntervalFigures>();
        var step = EventClock.Interval.Ticks;
        var first = from.UtcTicks % step == 0 ? from.UtcTicks : from.UtcTicks - (from.UtcTicks % step) + step;
        if ((to.UtcTicks - first) / step <= Intervals.Count)
        {
            // A short window (the forecaster's last 45 minutes) is looked up, not searched for among 35 days.
            for (var start = first; start < to.UtcTicks; start += step)
            {
                if (Intervals.TryGetValue(start, out var acc))
                {
                    result.Add(new IntervalFigures(new DateTimeOffset(start, TimeSpan.Zero), acc.ToFigures()));
                }
            }

            return result;
        }

        foreach (var (start, acc) in Intervals)
        {
            if (start >= from.UtcTicks && start < to.UtcTicks)
            {
                result.Add(new IntervalFigures(new DateTimeOffset(start, TimeSpan.Zero), acc.ToFigures()));
            }
        }

        result.Sort((a, b) => a.Start.CompareTo(b.Start));
        return result;
    }

    /// <summary>Agents by state per interval starting in [from, to), up to <paramref name="now"/>.</summary>
    public List<AgentStateInterval> GetAgentIntervals(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now) =>
        AgentStates.Between(from, to, Agents.Values, now);

    /// <summary>Drops what no window can need any more, so memory stays bounded.</summary>
    public void Prune(DateTimeOffset now)
    {
        bucketsVersion++;
        intervalsChangedFrom = minutesChangedFrom = long.MinValue;
        var oldestInterval = NewestIntervalTicks - IntervalRetention.Ticks;
        RemoveWhere(Intervals, k => k < oldestInterval);
        AgentStates.Prune(Math.Max(NewestIntervalTicks, AgentStates.NewestIntervalTicks) - IntervalRetention.Ticks);
        var oldestMinute = (now - MinuteRetention).UtcTicks;
        RemoveWhere(Minutes, k => k < oldestMinute);
        var oldestWaiting = (now - MaxWaitingAge).UtcTicks;
        RemoveWhere(Waiting, k => Waiting[k] < oldestWaiting);
        var oldestBacklog = (now - MaxBacklogAge).UtcTicks;
        RemoveWhere(Backlog, k => Backlog[k] < oldestBacklog);
        RemoveWhere(Held, k => !Held[k].Matters(now));
    }

    public static bool IsWaiting(LegFact leg) => leg.Outcome == LegOutcome.Open && !KpiAccumulator.IsAsynchronous(leg.Channel);

    public static bool IsInBacklog(LegFact leg) => KpiAccumulator.IsAsynchronous(leg.Channel) && leg.ResolvedAt is null
        && leg.Outcome is LegOutcome.Open or LegOutcome.Answered;

    private void Contribute(LegFact leg, int sign, DateTimeOffset now)
    {
        var interval = EventClock.IntervalStart(leg.OfferedAt).UtcTicks;
        AddTo(Intervals, interval, leg, sign);
        if (interval > NewestIntervalTicks)
        {
            NewestIntervalTicks = interval;
        }

        // Only legs offered near now can fall in the rolling window; older ones live in the intervals alone.
        if (IsNear(leg.OfferedAt, now))
        {
            AddTo(Minutes, EventClock.MinuteStart(leg.OfferedAt).UtcTicks, leg, sign);
        }

        // Ring-no-answers count when the contact rang out, which may be minutes after its offer.
        foreach (var miss in leg.RingNoAnswers?.Items ?? [])
        {
            AddRingNoAnswer(Intervals, EventClock.IntervalStart(miss.At).UtcTicks, sign);
            if (IsNear(miss.At, now))
            {
                AddRingNoAnswer(Minutes, EventClock.MinuteStart(miss.At).UtcTicks, sign);
            }
        }
    }

    private static bool IsNear(DateTimeOffset at, DateTimeOffset now) => at >= now - MinuteRetention && at <= now + TimeSpan.FromMinutes(5);

    // Applied through a bucket taken and dropped around it rather than a delegate: a lambda here allocated a closure
    // and a delegate for every leg a queue applied (0.7 % of a large room's allocations, issue 15).
    private void AddTo(Dictionary<long, KpiAccumulator> buckets, long key, LegFact leg, int sign)
    {
        if (Bucket(buckets, key, sign) is { } acc)
        {
            acc.Apply(leg, Settings, sign);
            DropIfEmpty(buckets, key, acc);
        }
    }

    private void AddRingNoAnswer(Dictionary<long, KpiAccumulator> buckets, long key, int sign)
    {
        if (Bucket(buckets, key, sign) is { } acc)
        {
            acc.ApplyRingNoAnswer(sign);
            DropIfEmpty(buckets, key, acc);
        }
    }

    /// <summary>The bucket a change goes to, noted as changed; created for an addition, null for a retraction from a pruned one.</summary>
    private KpiAccumulator? Bucket(Dictionary<long, KpiAccumulator> buckets, long key, int sign)
    {
        bucketsVersion++;
        if (ReferenceEquals(buckets, Intervals))
        {
            intervalsChangedFrom = Math.Min(intervalsChangedFrom, key);
        }
        else
        {
            minutesChangedFrom = Math.Min(minutesChangedFrom, key);
        }
        if (!buckets.TryGetValue(key, out var acc))
        {
            if (sign < 0)
            {
                return null; // already pruned: nothing left to retract from
            }

            acc = new KpiAccumulator();
            buckets[key] = acc;
        }

        return acc;
    }

    private static void DropIfEmpty(Dictionary<long, KpiAccumulator> buckets, long key, KpiAccumulator acc)
    {
        if (acc.IsEmpty)
        {
            buckets.Remove(key);
        }
    }

    /// <summary>The agents serving the queue who are logged in (away included): the ones <see cref="AgentCounts.LoggedIn"/> counts.</summary>
    public IReadOnlyList<string> LoggedInAgents()
    {
        // Read by the breach forecaster every five seconds from every queue: sized once, no iterators.
        var loggedIn = new List<string>(Agents.Count);
        foreach (var agent in Agents.Values)
        {
            if (agent.State != AgentState.Offline)
            {
                loggedIn.Add(agent.AgentId);
            }
        }

        return loggedIn;
    }

    private AgentCounts CountAgents()
    {
        int available = 0, busy = 0, wrapup = 0, away = 0;
        foreach (var presence in Agents.Values)
        {
            switch (presence.State)
            {
                case AgentState.Available: available++; break;
                case AgentState.Busy: busy++; break;
                case AgentState.Wrapup: wrapup++; break;
                case AgentState.Away: away++; break;
            }
        }

        return new AgentCounts(available + busy + wrapup + away, available, busy, wrapup, away);
    }

    /// <summary>
    /// Occupancy of the agents serving the queue now, over [from, now): each agent's timeline carries running
    /// totals, so this costs two binary searches per agent. A multiskill agent's time counts in each queue.
    /// </summary>
    private double? AgentOccupancy(DateTimeOffset from, DateTimeOffset now)
    {
        long occupied = 0, available = 0;
        foreach (var presence in Agents.Values)
        {
            if (presence.Timeline is { } timeline)
            {
                var (o, a) = Occupancy.Totals(timeline, from, now);
                occupied += o;
                available += a;
            }
        }

        return Occupancy.Percent(occupied, available);
    }

    private KpiFigures Figures(ref WindowFigures? kept, ref WindowPrefix? prefix, ref long changedFrom, Dictionary<long, KpiAccumulator> buckets,
        TimeSpan step, long fromTicks, long toTicks)
    {
        if (kept is { } k && ReferenceEquals(k.Buckets, buckets) && k.Version == bucketsVersion && k.From == fromTicks && k.To == toTicks)
        {
            return k.Figures;
        }

        var figures = Sum(ref prefix, ref changedFrom, buckets, step, fromTicks, toTicks).ToFigures();
        kept = new WindowFigures(buckets, bucketsVersion, fromTicks, toTicks, figures);
        return figures;
    }

    /// <summary>A window's figures as summed from <see cref="Buckets"/> at <see cref="Version"/>.</summary>
    private sealed record WindowFigures(Dictionary<long, KpiAccumulator> Buckets, long Version, long From, long To, KpiFigures Figures);

    /// <summary>The sum of a window's buckets starting in [<see cref="From"/>, <see cref="End"/>), as they were when last summed.</summary>
    private sealed class WindowPrefix(Dictionary<long, KpiAccumulator> buckets, long from)
    {
        public Dictionary<long, KpiAccumulator> Buckets { get; } = buckets;

        public long From { get; } = from;

        public long End { get; set; } = from;

        public KpiAccumulator Sum { get; } = new();
    }

    /// <summary>
    /// The buckets starting in [from, to), looked up one step at a time (a day is 96 look-ups however many of the 35 days
    /// of history the queue keeps). The buckets before the newest one are taken from <paramref name="prefix"/> while no
    /// bucket before its end changed (<paramref name="changedFrom"/>), and are summed again otherwise.
    /// </summary>
    private static KpiAccumulator Sum(ref WindowPrefix? prefix, ref long changedFrom, Dictionary<long, KpiAccumulator> buckets, TimeSpan step,
        long fromTicks, long toTicks)
    {
        var first = fromTicks % step.Ticks == 0 ? fromTicks : fromTicks - (fromTicks % step.Ticks) + step.Ticks;
        if (prefix is not { } p || !ReferenceEquals(p.Buckets, buckets) || p.From != first || p.End > toTicks || changedFrom < p.End)
        {
            p = prefix = new WindowPrefix(buckets, first);
        }

        // From the prefix's end: every bucket but the newest joins the prefix, unchanged since (or it would not hold).
        KpiAccumulator? newest = null;
        for (var start = p.End; start < toTicks; start += step.Ticks)
        {
            if (buckets.TryGetValue(start, out var acc))
            {
                if (newest is not null)
                {
                    p.Sum.AddFrom(newest);
                }

                newest = acc;
                p.End = start;
            }
        }

        changedFrom = long.MaxValue;
        var sum = new KpiAccumulator();
        sum.AddFrom(p.Sum);
        if (newest is not null)
        {
            sum.AddFrom(newest);
        }

        return sum;
    }

    private static (int Count, DateTimeOffset? Oldest) CountOpen(Dictionary<string, long> open, DateTimeOffset now, TimeSpan maxAge)
    {
        var cutoff = (now - maxAge).UtcTicks;
        var count = 0;
        var oldest = long.MaxValue;
        foreach (var offered in open.Values)
        {
            if (offered >= cutoff)
            {
                count++;
                oldest = Math.Min(oldest, offered);
            }
        }

        return (count, count == 0 ? null : new DateTimeOffset(oldest, TimeSpan.Zero));
    }

    private static double Seconds(DateTimeOffset since, DateTimeOffset now) =>
        KpiAccumulator.Round(Math.Max(0, (now - since).TotalSeconds));

    private static DateTimeOffset Latest(LegFact leg)
    {
        var latest = leg.OfferedAt;
        foreach (var at in (ReadOnlySpan<DateTimeOffset?>)[leg.OutcomeAt, leg.EndedAt, leg.WrapupEndedAt, leg.FirstReplyAt, leg.ResolvedAt])
        {
            if (at > latest)
            {
                latest = at.Value;
            }
        }

        return latest;
    }

    private static void RemoveWhere<TKey, TValue>(Dictionary<TKey, TValue> map, Func<TKey, bool> predicate)
        where TKey : notnull
    {
        List<TKey>? doomed = null;
        foreach (var key in map.Keys)
        {
            if (predicate(key))
            {
                (doomed ??= []).Add(key);
            }
        }

        doomed?.ForEach(k => map.Remove(k));
    }
}

/// <summary>A contact an agent took: from its answer to its end (null while it goes on), in event time.</summary>
[GenerateSerializer, Immutable, Alias("cr.HeldContact")]
public sealed record HeldContact(
    [property: Id(0)] string AgentId,
    [property: Id(1)] DateTimeOffset AnsweredAt,
    [property: Id(2)] DateTimeOffset? EndedAt)
{
    public (string AgentId, DateTimeOffset From, DateTimeOffset? To) Span => (AgentId, AnsweredAt, EndedAt);

    /// <summary>The agent's hold of an answered leg, when it can still count in the observation window; else null.</summary>
    public static HeldContact? Of(LegFact leg, DateTimeOffset now)
    {
        if (leg.Outcome != LegOutcome.Answered || leg.AgentId is not { } agent || (leg.AnsweredAt ?? leg.OutcomeAt) is not { } answered)
        {
            return null;
        }

        var held = new HeldContact(agent, answered, leg.EndedAt ?? leg.TransferredAt);
        return held.Matters(now) ? held : null;
    }

    /// <summary>Answered and not ended at <paramref name="now"/>, and not so long ago that the source must have lost its end.</summary>
    public bool IsHeldAt(DateTimeOffset now) => AnsweredAt <= now && (EndedAt is null || EndedAt > now) && now - AnsweredAt <= Concurrency.LongestHold;

    /// <summary>Whether it still counts for now: held, or ended within the observation window.</summary>
    public bool Matters(DateTimeOffset now) => EndedAt is { } ended ? ended >= now - Concurrency.ObservationWindow : now - AnsweredAt <= Concurrency.LongestHold;
}
