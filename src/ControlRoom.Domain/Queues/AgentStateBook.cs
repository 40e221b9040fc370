using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Queues;

/// <summary>Time the agents serving a queue spent in each state within one 15-minute interval, in ticks.</summary>
[GenerateSerializer, Alias("cr.AgentStateTime")]
public sealed class AgentStateTime
{
    [Id(0)] public long Available { get; set; }
    [Id(1)] public long Busy { get; set; }
    [Id(2)] public long Wrapup { get; set; }
    [Id(3)] public long Away { get; set; }

    public bool IsEmpty => Available == 0 && Busy == 0 && Wrapup == 0 && Away == 0;

    public void Add(AgentState state, long ticks)
    {
        switch (state)
        {
            case AgentState.Available: Available += ticks; break;
            case AgentState.Busy: Busy += ticks; break;
            case AgentState.Wrapup: Wrapup += ticks; break;
            case AgentState.Away: Away += ticks; break;
            default: break; // offline time is nobody's staffing
        }
    }

    public AgentStateTime Copy() => new() { Available = Available, Busy = Busy, Wrapup = Wrapup, Away = Away };
}

/// <summary>
/// Agents by state over a queue's day, kept beside its contact intervals: per 15-minute interval the time the
/// agents serving the queue spent available, busy, in wrap-up and away, so "agents by state, today" comes from
/// event time and survives restarts instead of starting with the node.
/// <para>
/// Fed by the presence the queue already receives. Each presence carries the agent's timeline in event time;
/// the book counts the closed steps of that timeline (from one step to the next) and, when read, the open step
/// up to now. A new timeline is compared with the one the queue held: only the steps that differ are taken back
/// and added again, so late, duplicated and re-sent presence gives the figures of a clean stream, and the work is
/// proportional to the change. Like occupancy, an agent counts in every queue it serves, with the timeline it
/// brings (an agent moved into a queue brings its retained timeline).
/// </para>
/// </summary>
[GenerateSerializer, Alias("cr.AgentStateBook")]
public sealed class AgentStateBook
{
    /// <summary>Interval start (UTC ticks) → closed time per state.</summary>
    [Id(0)] public Dictionary<long, AgentStateTime> Intervals { get; set; } = [];

    /// <summary>
    /// Takes <paramref name="old"/> (what the queue held) out and <paramref name="current"/> in. A null
    /// <paramref name="current"/> means the agent no longer serves the queue: its last state counts up to
    /// <paramref name="now"/> (unknown without it) and the agent's time stops counting here.
    /// </summary>
    public void Change(AgentPresence? old, AgentPresence? current, DateTimeOffset? now)
    {
        var before = Steps(old);
        if (current is null)
        {
            if (before.Count > 0 && now is { } leftAt)
            {
                var last = before[^1];
                AddSegment(last.State, last.AtTicks, leftAt.UtcTicks, +1);
            }

            return;
        }

        // Steps the new timeline no longer holds (it is bounded) stay as they were counted: keep them in front.
        var after = Steps(current);
        if (before.Count > 0 && after.Count > 0 && before[0].AtTicks < after[0].AtTicks)
        {
            var kept = before.TakeWhile(s => s.AtTicks < after[0].AtTicks).ToList();
            kept.AddRange(after);
            after = kept;
        }

        var same = 0;
        while (same < before.Count && same < after.Count && before[same].AtTicks == after[same].AtTicks && before[same].State == after[same].State)
        {
            same++;
        }

        // Segment i runs from step i to step i + 1; those before the first differing step are unchanged.
        var from = Math.Max(0, same - 1);
        AddSegments(before, from, -1);
        AddSegments(after, from, +1);
    }

    /// <summary>
    /// Average agents in each state per interval starting in [from, to): the closed time plus the open state of
    /// the agents serving the queue now, up to <paramref name="now"/>, divided by the part of the interval elapsed.
    /// </summary>
    public List<AgentStateInterval> Between(DateTimeOffset from, DateTimeOffset to, IEnumerable<AgentPresence> serving, DateTimeOffset now)
    {
        var fromTicks = EventClock.IntervalStart(from).UtcTicks;
        var toTicks = Math.Min(to.UtcTicks, now.UtcTicks);
        var totals = new SortedDictionary<long, AgentStateTime>();
        foreach (var (start, time) in Intervals)
        {
            if (start >= fromTicks && start < toTicks)
            {
                totals[start] = time.Copy();
            }
        }

        foreach (var presence in serving)
        {
            var steps = Steps(presence);
            if (steps.Count > 0)
            {
                var last = steps[^1];
                Split(last.AtTicks, now.UtcTicks, (start, ticks) =>
                {
                    if (start >= fromTicks && start < toTicks)
                    {
                        if (!totals.TryGetValue(start, out var time))
                        {
                            time = new AgentStateTime();
                            totals[start] = time;
                        }

                        time.Add(last.State, ticks);
                    }
                });
            }
        }

        var result = new List<AgentStateInterval>(totals.Count);
        foreach (var (start, time) in totals)
        {
            var elapsed = Math.Min(EventClock.Interval.Ticks, now.UtcTicks - start);
            if (elapsed > 0 && !time.IsEmpty)
            {
                result.Add(new AgentStateInterval(new DateTimeOffset(start, TimeSpan.Zero),
                    Average(time.Available, elapsed), Average(time.Busy, elapsed), Average(time.Wrapup, elapsed), Average(time.Away, elapsed)));
            }
        }

        return result;
    }

    /// <summary>Drops intervals that start before <paramref name="oldestTicks"/>.</summary>
    public void Prune(long oldestTicks)
    {
        foreach (var start in Intervals.Keys.Where(k => k < oldestTicks).ToList())
        {
            Intervals.Remove(start);
        }
    }

    /// <summary>The newest interval with time in it (UTC ticks), or 0.</summary>
    public long NewestIntervalTicks => Intervals.Count == 0 ? 0 : Intervals.Keys.Max();

    private static double Average(long ticks, long elapsed) => Math.Round((double)ticks / elapsed, 2);

    /// <summary>The presence as steps: its timeline, or the one state it reports when the state is inferred from contacts.</summary>
    private static IReadOnlyList<PresenceStep> Steps(AgentPresence? presence) => presence switch
    {
        null => [],
        { Timeline.Steps.Count: > 0 } => presence.Timeline.Steps,
        _ => [new PresenceStep(presence.Since.UtcTicks, presence.State, 0, 0)],
    };

    private void AddSegments(IReadOnlyList<PresenceStep> steps, int from, int sign)
    {
        for (var i = from; i + 1 < steps.Count; i++)
        {
            AddSegment(steps[i].State, steps[i].AtTicks, steps[i + 1].AtTicks, sign);
        }
    }

    private void AddSegment(AgentState state, long startTicks, long endTicks, int sign)
    {
        if (state is AgentState.Offline)
        {
            return;
        }

        Split(startTicks, endTicks, (start, ticks) =>
        {
            if (!Intervals.TryGetValue(start, out var time))
            {
                time = new AgentStateTime();
                Intervals[start] = time;
            }

            time.Add(state, sign * ticks);
            if (time.IsEmpty)
            {
                Intervals.Remove(start);
            }
        });
    }

    /// <summary>Cuts [start, end) at interval bounds and hands each piece to <paramref name="add"/>.</summary>
    private static void Split(long startTicks, long endTicks, Action<long, long> add)
    {
        var step = EventClock.Interval.Ticks;
        var at = startTicks;
        while (at < endTicks)
        {
            var intervalStart = at - (at % step);
            var pieceEnd = Math.Min(endTicks, intervalStart + step);
            add(intervalStart, pieceEnd - at);
            at = pieceEnd;
        }
    }
}
