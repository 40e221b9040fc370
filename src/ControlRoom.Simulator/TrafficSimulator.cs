using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator;

/// <summary>
/// A seeded, deterministic discrete-event simulation of a multi-client contact centre that speaks the integration
/// contract. Every step lives on an agenda ordered by time, so the events depend only on the seed and the start,
/// never on how often <see cref="Advance"/> is called.
/// </summary>
public sealed class TrafficSimulator
{
    private static readonly TimeSpan StaffingStep = TimeSpan.FromMinutes(5);
    private const int MaxStaffingMoves = 6;
    private const double ShortAbandonShare = 0.05;
    private const double TransferShare = 0.03;
    private const double FirstContactShare = 0.74;
    private const double EmailFirstContactShare = 0.65;
    private const double AwayAtStartShare = 0.1;

    /// <summary>Agents who also take calls or chats turn to e-mail only once it has waited this long (see <see cref="MayBlend"/>).</summary>
    private static readonly TimeSpan BlendAfter = TimeSpan.FromMinutes(20);

    private readonly SimulatorOptions options;
    private readonly Random random;
    private readonly TimeZoneInfo zone;
    private readonly string prefix;
    private readonly List<SimQueue> queues;
    private readonly Dictionary<string, SimQueue> queuesById;
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> attributes;
    private readonly List<SimAgent> agents;
    private readonly PriorityQueue<Action<DateTimeOffset>, (long Ticks, long Seq)> agenda = new();
    private readonly List<ContactEvent> output = [];
    private long sequence;
    private long eventCount;
    private long contactCount;

    /// <summary>Contacts not yet closed (resolved or abandoned) and surveys not yet sent: what <see cref="Close"/> waits for.</summary>
    private int unfinished;

    /// <summary>From this moment no contact arrives, no surge starts and no shift changes: the centre closes.</summary>
    private DateTimeOffset? closesAt;

    /// <summary>Prepares the day as it stands at <paramref name="start"/>; the first <see cref="Advance"/> returns the logins dated then.</summary>
    public TrafficSimulator(SimulatorOptions options, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        this.options = options;
        random = new Random(options.Seed);
        zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        start = start.ToUniversalTime();

        // The start goes into every id so that a restarted host with the same seed does not collide with the last run.
        prefix = FormattableString.Invariant($"sim-{options.Seed}-{start.ToUnixTimeSeconds():x}");
        queues = [.. QueueCatalog.Queues.Select(p => new SimQueue(p))];
        queuesById = queues.ToDictionary(q => q.Id, StringComparer.Ordinal);
        attributes = queues.ToDictionary(
            q => q.Id,
            q => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["client"] = q.Profile.Client,
                ["queueName"] = q.Profile.DisplayName,
            },
            StringComparer.Ordinal);
        var pattern = QueueCatalog.SkillPattern;
        agents = [.. Enumerable.Range(0, Math.Max(1, options.Agents)).Select(i =>
            new SimAgent(FormattableString.Invariant($"op-{i + 1:000}"), i, pattern[i % pattern.Count]))];
        Schedule(start, OpenDay);
    }

    /// <summary>A centre closing at any hour finishes its open work within this; a longer drain is a simulator fault.</summary>
    public static readonly TimeSpan LongestClose = TimeSpan.FromDays(1);

    /// <summary>Every event that occurs up to <paramref name="now"/> and was not returned before, in event-time order.</summary>
    public IReadOnlyList<ContactEvent> Advance(DateTimeOffset now)
    {
        while (agenda.TryPeek(out var step, out var key) && key.Ticks <= now.UtcTicks)
        {
            agenda.Dequeue();
            step(new DateTimeOffset(key.Ticks, TimeSpan.Zero));
        }

        var events = output.ToArray();
        output.Clear();
        return events;
    }

    /// <summary>
    /// Plays up to <paramref name="end"/> and then closes the centre, for a span of the past played whole (last week's
    /// reference day): nothing arrives after <paramref name="end"/>, and the agents on shift finish every contact
    /// still open — waiting calls and chats are answered or given up, e-mails are replied to and resolved, surveys
    /// come back — before they log off. A span cut at its end would leave those contacts open for ever, and an
    /// e-mail of last week would count as days old in the live backlog. Returns every event still to come, in
    /// event-time order; the simulator produces nothing afterwards.
    /// </summary>
    public IReadOnlyList<ContactEvent> Close(DateTimeOffset end)
    {
        closesAt = end;
        var events = new List<ContactEvent>(Advance(end));
        var last = end;
        while (unfinished > 0 && agenda.TryPeek(out var step, out var key) && key.Ticks <= (end + LongestClose).UtcTicks)
        {
            agenda.Dequeue();
            last = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
            step(last);
        }

        foreach (var agent in agents.Where(a => a.State != AgentState.Offline))
        {
            LogOut(agent, last);
        }

        agenda.Clear();
        events.AddRange(output);
        output.Clear();
        return events;
    }

    private bool Closed(DateTimeOffset t) => t > closesAt;

    private void OpenDay(DateTimeOffset t)
    {
        var target = StaffTarget(t);
        foreach (var agent in agents)
        {
            if (agent.Rank >= target)
            {
                agent.OfflineSince = t;
                Emit(AgentEvent(agent, t, AgentState.Offline, null));
            }
            else if (random.NextDouble() < AwayAtStartShare)
            {
                LogIn(agent, t, "shift start");
                StartBreak(agent, t, TimeSpan.FromMinutes(Uniform(1, 14)));
            }
            else
            {
                LogIn(agent, t, "shift start");
            }
        }

        // E-mails that came in overnight or while nobody was looking: the backlog is there from the first second.
        var bankEmail = queuesById[QueueCatalog.BankEmail];
        var backlog = options.Intensity > 0
            ? Math.Max(5, (int)Math.Round(bankEmail.Profile.PeakPerHour * options.Intensity * Load(t) * 0.5))
            : 0;
        for (var i = 0; i < backlog; i++)
        {
            Offer(bankEmail, t);
        }

        foreach (var queue in queues)
        {
            ScheduleArrival(queue, t);
        }

        Schedule(t + StaffingStep, Staffing);
        if (options.SurgeEvery > TimeSpan.Zero && options.SurgeFactor > 1)
        {
            Schedule(t + SurgeGap(), StartSurge);
        }
    }

    // ---- arrivals and surges ----

    /// <summary>Non-homogeneous Poisson arrivals by thinning: candidates at the highest possible rate, kept by the rate now.</summary>
    private void ScheduleArrival(SimQueue queue, DateTimeOffset from)
    {
        var maxPerHour = queue.Profile.PeakPerHour * options.Intensity * Math.Max(1, options.SurgeFactor);
        if (maxPerHour <= 0)
        {
            return;
        }

        Schedule(At(from, Exponential(3600 / maxPerHour)), t =>
        {
            if (Closed(t))
            {
                return;
            }

            if (random.NextDouble() * maxPerHour < RatePerHour(queue, t))
            {
                Offer(queue, t);
            }

            ScheduleArrival(queue, t);
        });
    }

    private double RatePerHour(SimQueue queue, DateTimeOffset t) =>
        queue.Profile.PeakPerHour * options.Intensity * Load(t) * (t < queue.SurgeUntil ? options.SurgeFactor : 1);

    private void StartSurge(DateTimeOffset t)
    {
        if (Closed(t))
        {
            return;
        }

        // Voice surges (an outage, a billing run) are the most common, then chat, then e-mail.
        var weights = queues.Select(q => q.Profile.Channel switch { Channel.Voice => 3.0, Channel.Chat => 2.0, _ => 1.0 }).ToArray();
        var pick = random.NextDouble() * weights.Sum();
        var index = 0;
        while (index < weights.Length - 1 && pick >= weights[index])
        {
            pick -= weights[index++];
        }

        queues[index].SurgeUntil = t + TimeSpan.FromMinutes(Uniform(5, 15));
        Schedule(t + SurgeGap(), StartSurge);
    }

    private TimeSpan SurgeGap() => options.SurgeEvery * Uniform(2.0 / 3, 4.0 / 3);

    // ---- contacts ----

    private void Offer(SimQueue queue, DateTimeOffset t)
    {
        var contact = new SimContact(
            FormattableString.Invariant($"{prefix}-c{++contactCount}"),
            FormattableString.Invariant($"cust-{random.Next(100_000, 1_000_000)}"),
            queue,
            t);
        Emit(ContactEvent(EventType.InteractionOffered, t, contact) with
        {
            QueueId = queue.Id,
            Channel = queue.Profile.Channel,
            CustomerId = contact.CustomerId,
            Attributes = attributes[queue.Id],
        });
        unfinished++;
        Enqueue(contact, queue, t);
    }

    private void Enqueue(SimContact contact, SimQueue queue, DateTimeOffset t)
    {
        contact.Queue = queue;
        contact.OfferedAt = t;
        contact.Phase = ContactPhase.Waiting;
        var version = ++contact.Version;
        queue.Waiting.Add(contact);
        if (!queue.IsAsync)
        {
            var patience = random.NextDouble() < ShortAbandonShare
                ? Uniform(1, 4.5)
                : 3 + Exponential(queue.Profile.PatienceSeconds * (contact.Transferred ? 1.5 : 1));
            Schedule(At(t, patience), at => Abandon(contact, version, at));
        }

        while (queue.Waiting.Count > 0 && LongestIdle(queue) is { } agent)
        {
            Assign(queue.Waiting[0], agent, t);
        }
    }

    private void Abandon(SimContact contact, int version, DateTimeOffset t)
    {
        if (contact.Version != version || contact.Phase != ContactPhase.Waiting)
        {
            return;
        }

        contact.Queue.Waiting.Remove(contact);
        contact.Phase = ContactPhase.Done;
        unfinished--;
        Emit(ContactEvent(EventType.InteractionAbandoned, t, contact) with { QueueId = contact.Queue.Id });
    }

    /// <summary>The agent idle longest among those free for this queue; chat agents already chatting come after idle ones.</summary>
    private SimAgent? LongestIdle(SimQueue queue)
    {
        SimAgent? best = null;
        foreach (var agent in agents)
        {
            if (!agent.CanTake(queue, options.MaxConcurrentChats))
            {
                continue;
            }

            if (best is null
                || agent.Load.Count < best.Load.Count
                || (agent.Load.Count == best.Load.Count && agent.Load.Count == 0 && agent.IdleSince < best.IdleSince))
            {
                best = agent;
            }
        }

        return best;
    }

    private void Assign(SimContact contact, SimAgent agent, DateTimeOffset t)
    {
        contact.Queue.Waiting.Remove(contact);
        contact.Phase = ContactPhase.Ringing;
        contact.Agent = agent;
        var version = ++contact.Version;
        agent.Load.Add(contact);
        var ring = contact.Queue.Profile.Channel switch { Channel.Voice => Uniform(2, 6), Channel.Chat => Uniform(1, 4), _ => 0 };
        Schedule(At(t, ring), at => Answer(contact, version, at));
    }

    private void Answer(SimContact contact, int version, DateTimeOffset t)
    {
        if (contact.Version != version || contact.Agent is not { } agent)
        {
            return;
        }

        contact.Phase = ContactPhase.Talking;
        contact.WaitedSeconds = (t - contact.OfferedAt).TotalSeconds;
        var next = ++contact.Version;
        Emit(ContactEvent(EventType.InteractionAnswered, t, contact) with { AgentId = agent.AgentId, QueueId = contact.Queue.Id });
        Settle(agent, t);

        var handle = LogNormal(contact.Queue.Profile.HandleSeconds, 0.5);
        if (contact.Queue.Profile.Channel == Channel.Voice && !contact.Transferred && random.NextDouble() < TransferShare)
        {
            Schedule(At(t, handle * Uniform(0.2, 0.5)), at => Transfer(contact, next, at));
        }
        else
        {
            Schedule(At(t, handle), at => End(contact, next, at));
        }
    }

    /// <summary>A misrouted call: the outsourcer answers all three clients, so the agent passes it to the right voice queue.</summary>
    private void Transfer(SimContact contact, int version, DateTimeOffset t)
    {
        if (contact.Version != version || contact.Agent is not { } agent)
        {
            return;
        }

        var from = contact.Queue;
        var targets = queues.Where(q => q.Profile.Channel == Channel.Voice && q != from).ToArray();
        var to = targets[random.Next(targets.Length)];
        Emit(ContactEvent(EventType.InteractionTransferred, t, contact) with
        {
            QueueId = from.Id,
            ToQueueId = to.Id,
            AgentId = agent.AgentId,
        });

        contact.Transferred = true;
        contact.Agent = null;

        // Queued before the agent is released, so the agent who passed it on does not get it straight back.
        Enqueue(contact, to, t);
        agent.Load.Remove(contact);
        Settle(agent, t);
    }

    private void End(SimContact contact, int version, DateTimeOffset t)
    {
        if (contact.Version != version || contact.Agent is not { } agent)
        {
            return;
        }

        var email = contact.Queue.IsAsync;
        if (email)
        {
            Emit(ContactEvent(EventType.InteractionReplied, t, contact) with { AgentId = agent.AgentId });
        }

        Emit(ContactEvent(EventType.InteractionEnded, t, contact) with { AgentId = agent.AgentId });
        contact.Phase = ContactPhase.Wrapping;
        var next = ++contact.Version;
        Settle(agent, t);
        Schedule(At(t, contact.Queue.Profile.WrapSeconds * Uniform(0.5, 1.5)), at => WrapUp(contact, next, at));

        if (!email || random.NextDouble() < EmailFirstContactShare)
        {
            var firstContact = email || random.NextDouble() < FirstContactShare;
            Resolve(contact, t, firstContact);
        }
        else
        {
            // The reply needs the customer's confirmation (a document, a yes); it comes back within the next two
            // hours and the case closes then, without counting as first-contact resolution.
            Schedule(t + TimeSpan.FromMinutes(Uniform(20, 120)), at => Resolve(contact, at, false));
        }

        if (random.NextDouble() < (email ? 0.1 : 0.2))
        {
            var waited = contact.WaitedSeconds;
            unfinished++;
            Schedule(t + TimeSpan.FromMinutes(Uniform(1, 10)), at => Survey(contact, waited, at));
        }
    }

    private void Resolve(SimContact contact, DateTimeOffset t, bool firstContact)
    {
        unfinished--;
        Emit(ContactEvent(EventType.InteractionResolved, t, contact) with { FirstContact = firstContact });
    }

    private void WrapUp(SimContact contact, int version, DateTimeOffset t)
    {
        if (contact.Version != version || contact.Agent is not { } agent)
        {
            return;
        }

        Emit(ContactEvent(EventType.InteractionWrapupEnded, t, contact) with { AgentId = agent.AgentId });
        contact.Phase = ContactPhase.Done;
        agent.Load.Remove(contact);
        Settle(agent, t);
    }

    /// <summary>Satisfaction falls with the wait; NPS follows CSAT loosely.</summary>
    private void Survey(SimContact contact, double waitedSeconds, DateTimeOffset t)
    {
        var satisfied = 0.9 - Math.Min(0.5, waitedSeconds / 400);
        var csat = random.NextDouble() < satisfied ? (random.NextDouble() < 0.6 ? 5 : 4) : random.Next(1, 4);
        var nps = csat switch
        {
            5 => random.Next(9, 11),
            4 => random.Next(7, 10),
            3 => random.Next(5, 8),
            2 => random.Next(3, 7),
            _ => random.Next(0, 4),
        };
        unfinished--;
        Emit(ContactEvent(EventType.SurveyCompleted, t, contact) with { Csat = csat, Nps = nps });
    }

    // ---- agents ----

    /// <summary>Brings the agent's presence in line with what they hold, and hands them work when they have room.</summary>
    private void Settle(SimAgent agent, DateTimeOffset t)
    {
        if (agent.Load.Count > 0)
        {
            if (agent.Load.Exists(c => c.Phase == ContactPhase.Talking))
            {
                SetState(agent, t, AgentState.Busy, null);
            }
            else if (agent.Load.Exists(c => c.Phase == ContactPhase.Wrapping))
            {
                SetState(agent, t, AgentState.Wrapup, null);
            }

            Pick(agent, t);
            return;
        }

        if (!agent.IsPresent)
        {
            return;
        }

        if (agent.LogoutPending)
        {
            LogOut(agent, t);
        }
        else if (agent.BreakDue)
        {
            StartBreak(agent, t, null);
        }
        else
        {
            if (agent.State != AgentState.Available)
            {
                agent.IdleSince = t;
                SetState(agent, t, AgentState.Available, null);
            }

            Pick(agent, t);
        }
    }

    /// <summary>The oldest waiting contact the agent can take; live channels before e-mail.</summary>
    private void Pick(SimAgent agent, DateTimeOffset t)
    {
        while (agent.Accepting)
        {
            SimQueue? best = null;
            foreach (var skill in agent.Skills)
            {
                var queue = queuesById[skill];
                if (queue.Waiting.Count == 0 || !agent.CanTake(queue, options.MaxConcurrentChats)
                    || (queue.IsAsync && agent.HasLiveSkill(queuesById) && !MayBlend(agent, queue, t)))
                {
                    continue;
                }

                if (best is null || (best.IsAsync && !queue.IsAsync)
                    || (best.IsAsync == queue.IsAsync && queue.Waiting[0].OfferedAt < best.Waiting[0].OfferedAt))
                {
                    best = queue;
                }
            }

            if (best is null)
            {
                return;
            }

            Assign(best.Waiting[0], agent, t);
        }
    }

    /// <summary>
    /// Blending as an ACD does it: an agent who also serves calls or chats turns to e-mail only once it has waited a
    /// while, and only while each of their live queues keeps another agent free — an e-mail takes minutes, and the
    /// next caller should not wait for it.
    /// </summary>
    private bool MayBlend(SimAgent agent, SimQueue email, DateTimeOffset t) =>
        t - email.Waiting[0].OfferedAt >= BlendAfter
        && agent.Skills.Select(q => queuesById[q]).Where(q => !q.IsAsync).All(live => agents.Exists(other =>
            other != agent && other.Load.Count == 0 && other.State == AgentState.Available && other.Accepting && other.Serves(live.Id)));

    private void LogIn(SimAgent agent, DateTimeOffset t, string reason)
    {
        agent.LoginAt = t;
        agent.IdleSince = t;
        agent.LogoutPending = false;
        agent.BreakDue = false;
        SetState(agent, t, AgentState.Available, reason);
        ScheduleBreak(agent, t + TimeSpan.FromMinutes(Uniform(80, 140)));
        Pick(agent, t);
    }

    private void LogOut(SimAgent agent, DateTimeOffset t)
    {
        agent.LogoutPending = false;
        agent.BreakDue = false;
        agent.BreakVersion++;
        agent.OfflineSince = t;
        SetState(agent, t, AgentState.Offline, "shift end");
    }

    private void ScheduleBreak(SimAgent agent, DateTimeOffset at)
    {
        var version = ++agent.BreakVersion;
        Schedule(at, t =>
        {
            if (version != agent.BreakVersion || agent.State == AgentState.Offline)
            {
                return;
            }

            // The agent finishes what they hold first; Settle starts the break once they are free.
            agent.BreakDue = true;
            if (agent.Load.Count == 0)
            {
                StartBreak(agent, t, null);
            }
        });
    }

    private void StartBreak(SimAgent agent, DateTimeOffset t, TimeSpan? length)
    {
        agent.BreakDue = false;
        var local = TimeZoneInfo.ConvertTime(t, zone);
        var lunch = local.Hour is >= 12 and < 15 && agent.LunchDate != local.Date;
        string reason;
        if (lunch)
        {
            agent.LunchDate = local.Date;
            reason = "lunch";
            length ??= TimeSpan.FromMinutes(30);
        }
        else if (random.NextDouble() < 0.08)
        {
            reason = "training";
            length ??= TimeSpan.FromMinutes(20);
        }
        else
        {
            reason = "break";
            length ??= TimeSpan.FromMinutes(Uniform(10, 15));
        }

        SetState(agent, t, AgentState.Away, reason);
        var version = ++agent.BreakVersion;
        Schedule(t + length.Value, at =>
        {
            if (version != agent.BreakVersion || agent.State != AgentState.Away)
            {
                return;
            }

            if (agent.LogoutPending)
            {
                LogOut(agent, at);
                return;
            }

            agent.IdleSince = at;
            SetState(agent, at, AgentState.Available, null);
            ScheduleBreak(agent, at + TimeSpan.FromMinutes(Uniform(100, 140)));
            Pick(agent, at);
        });
    }

    /// <summary>Shifts follow the arrival curve: agents log in as the load rises and the longest on shift leave as it falls.</summary>
    private void Staffing(DateTimeOffset t)
    {
        if (Closed(t))
        {
            return; // whoever is on shift stays until the open work is done
        }

        var target = StaffTarget(t);
        var on = agents.Where(a => a.State != AgentState.Offline && !a.LogoutPending).ToList();
        var moves = 0;
        if (on.Count < target)
        {
            foreach (var agent in agents.Where(a => a.State == AgentState.Offline || a.LogoutPending)
                .OrderBy(a => a.LogoutPending ? 0 : 1).ThenBy(a => a.OfflineSince).ThenBy(a => a.Rank).ToList())
            {
                if (on.Count >= target || moves++ >= MaxStaffingMoves)
                {
                    break;
                }

                if (agent.LogoutPending)
                {
                    agent.LogoutPending = false;
                }
                else
                {
                    LogIn(agent, t, "shift start");
                }

                on.Add(agent);
            }
        }
        else
        {
            foreach (var agent in on.OrderBy(a => a.LoginAt).ThenBy(a => a.Rank).ToList())
            {
                if (on.Count <= target || moves >= MaxStaffingMoves)
                {
                    break;
                }

                // Nobody leaves a queue with fewer than two agents on it.
                if (!agent.Skills.All(q => on.Count(o => o != agent && o.Serves(q)) >= 2))
                {
                    continue;
                }

                moves++;
                on.Remove(agent);
                agent.LogoutPending = true;
                if (agent.Load.Count == 0 && agent.State != AgentState.Away)
                {
                    LogOut(agent, t);
                }
            }
        }

        Schedule(t + StaffingStep, Staffing);
    }

    private int StaffTarget(DateTimeOffset t)
    {
        var floor = Math.Min(agents.Count, QueueCatalog.SkillPattern.Count);
        var wanted = (int)Math.Round(agents.Count * (0.2 + (0.95 * Load(t))));
        return Math.Clamp(wanted, floor, agents.Count);
    }

    private void SetState(SimAgent agent, DateTimeOffset t, AgentState state, string? reason)
    {
        if (agent.State == state && string.Equals(agent.Reason, reason, StringComparison.Ordinal))
        {
            return;
        }

        agent.State = state;
        agent.Reason = reason;
        Emit(AgentEvent(agent, t, state, reason));
    }

    // ---- helpers ----

    /// <summary>Share of the peak load at <paramref name="t"/>: the daily curve in the configured zone, never below the floor.</summary>
    private double Load(DateTimeOffset t) =>
        Math.Max(options.NightFloor, QueueCatalog.DailyCurve(TimeZoneInfo.ConvertTime(t, zone).TimeOfDay.TotalHours));

    private ContactEvent ContactEvent(EventType type, DateTimeOffset t, SimContact contact) =>
        new(NextEventId(), type, t) { InteractionId = contact.InteractionId };

    private ContactEvent AgentEvent(SimAgent agent, DateTimeOffset t, AgentState state, string? reason) =>
        new(NextEventId(), EventType.AgentStateChanged, t) { AgentId = agent.AgentId, State = state, Reason = reason, QueueIds = agent.Skills, Attributes = agent.Attributes };

    private string NextEventId() => FormattableString.Invariant($"{prefix}-{++eventCount}");

    private void Emit(ContactEvent e) => output.Add(e);

    private void Schedule(DateTimeOffset at, Action<DateTimeOffset> step) => agenda.Enqueue(step, (at.UtcTicks, sequence++));

    /// <summary>Whole milliseconds, as KPIs are kept in milliseconds.</summary>
    private static DateTimeOffset At(DateTimeOffset t, double seconds) =>
        t.AddTicks((long)Math.Round(seconds * 1000) * TimeSpan.TicksPerMillisecond);

    private double Uniform(double min, double max) => min + (random.NextDouble() * (max - min));

    private double Exponential(double mean) => -mean * Math.Log(1 - random.NextDouble());

    private double LogNormal(double mean, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(Math.Log(mean) - (sigma * sigma / 2) + (sigma * normal));
    }
}
