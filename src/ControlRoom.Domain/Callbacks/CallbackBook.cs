using ControlRoom.Contracts.Callbacks;

namespace ControlRoom.Domain.Callbacks;

/// <summary>
/// The abandoned-call worklist: one entry per abandoned interaction, the people's actions on it, and the recent
/// answers per customer that close an entry by itself. Applying a fact twice, or facts in another order, gives the
/// same list: an abandon is keyed by its interaction, an answer by its interaction, and the auto-close compares
/// event times, not arrival.
/// </summary>
[GenerateSerializer, Alias("cr.CallbackBook")]
public sealed class CallbackBook
{
    public const string System = "system";

    /// <summary>At most this many entries; the oldest closed ones go first.</summary>
    public const int MaxEntries = 50_000;

    [Id(0)] public Dictionary<string, CallbackView> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answered contacts per customer (interaction id → answered at), kept for the auto-close window.</summary>
    [Id(1)] public Dictionary<string, Dictionary<string, DateTimeOffset>> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Each customer's entries (interaction ids), built on first use: a fact looks at one customer's entries, not at all of them.</summary>
    [NonSerialized]
    private Dictionary<string, HashSet<string>>? byCustomer;

    [NonSerialized]
    private long answersRemembered;

    /// <summary>Answers remembered since this instance was made (a fact that changed no entry may still have to be saved).</summary>
    public long AnswersRemembered => answersRemembered;

    /// <summary>Applies one batch of facts; returns the entries that changed (a withdrawn one marked so), for the pages.</summary>
    public IReadOnlyList<CallbackView> Apply(IReadOnlyList<CallbackFact> facts, TimeSpan window)
    {
        var changed = new Dictionary<string, CallbackView>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            switch (fact.Kind)
            {
                case CallbackFactKind.Abandoned:
                    Abandoned(fact, window, changed);
                    break;
                case CallbackFactKind.Answered:
                    Answered(fact, window, changed);
                    break;
                case CallbackFactKind.Withdrawn:
                    Withdrawn(fact, changed);
                    break;
            }
        }

        return [.. changed.Values];
    }

    public CallbackCommandResult Act(string interactionId, CallbackCommand command, DateTimeOffset now)
    {
        if (!Entries.TryGetValue(interactionId, out var entry))
        {
            return new CallbackCommandResult(CallbackCommandOutcome.NotFound, null, $"No call-back for interaction '{interactionId}'.");
        }

        if (!entry.IsOpen)
        {
            return new CallbackCommandResult(CallbackCommandOutcome.Conflict, entry, $"The call-back for '{interactionId}' is already {entry.Status}.");
        }

        if (command.Kind == CallbackCommandKind.Claim)
        {
            if (entry.Status == CallbackStatus.Claimed && !string.Equals(entry.ClaimedBy, command.Actor, StringComparison.OrdinalIgnoreCase))
            {
                return new CallbackCommandResult(CallbackCommandOutcome.Conflict, entry, $"The call-back for '{interactionId}' is claimed by {entry.ClaimedBy}.");
            }

            entry = Changed(entry with { Status = CallbackStatus.Claimed, ClaimedBy = command.Actor, ClaimedAt = now },
                new CallbackEntry(now, CallbackAction.Claimed, command.Actor, command.Note));
        }
        else
        {
            entry = Changed(entry with
            {
                Status = CallbackStatus.Done,
                ClosedAt = now,
                ClosedBy = command.Actor,
                Outcome = command.Outcome,
                Note = command.Note,
                ClaimedBy = entry.ClaimedBy ?? command.Actor,
                ClaimedAt = entry.ClaimedAt ?? now,
            }, new CallbackEntry(now, CallbackAction.Done, command.Actor, command.Note) { Outcome = command.Outcome });
        }

        Entries[interactionId] = entry;
        return new CallbackCommandResult(CallbackCommandOutcome.Done, entry, null);
    }

    /// <summary>
    /// How long an answer that closed nothing is remembered: an answer closes only an abandon before it, so it is
    /// needed only for an abandon that arrives that much later than the answer (a feed catching up).
    /// </summary>
    public static readonly TimeSpan AnswerMemory = TimeSpan.FromHours(1);

    /// <summary>Forgets closed entries abandoned before the retention, answers past <see cref="AnswerMemory"/>, and the oldest closed beyond the cap.</summary>
    public int Prune(DateTimeOffset now, TimeSpan retention)
    {
        var doomed = Entries.Values.Where(e => e.AbandonedAt < now - retention && !e.IsOpen).Select(e => e.InteractionId).ToList();
        var excess = Entries.Count - doomed.Count - MaxEntries;
        if (excess > 0)
        {
            doomed.AddRange(Entries.Values.Where(e => !e.IsOpen && e.AbandonedAt >= now - retention)
                .OrderBy(e => e.AbandonedAt).Take(excess).Select(e => e.InteractionId));
        }

        doomed.ForEach(Remove);
        foreach (var (customer, answers) in Answers.ToList())
        {
            foreach (var (id, at) in answers.ToList())
            {
                if (at < now - AnswerMemory)
                {
                    answers.Remove(id);
                }
            }

            if (answers.Count == 0)
            {
                Answers.Remove(customer);
            }
        }

        return doomed.Count;
    }

    private void Abandoned(CallbackFact fact, TimeSpan window, Dictionary<string, CallbackView> changed)
    {
        if (Entries.TryGetValue(fact.InteractionId, out var entry))
        {
            if (entry.AbandonedAt == fact.At && entry.OfferedAt == fact.OfferedAt && entry.QueueId == fact.QueueId)
            {
                return; // a repeat
            }

            // A late or corrected event moved the abandon: the facts change, the people's actions stay.
            entry = entry with { QueueId = fact.QueueId, Channel = fact.Channel, OfferedAt = fact.OfferedAt, AbandonedAt = fact.At, Version = entry.Version + 1 };
        }
        else
        {
            entry = new CallbackView(fact.InteractionId, fact.QueueId, fact.Channel, fact.CustomerId, fact.OfferedAt, fact.At, CallbackStatus.Open)
            {
                Timeline = new[] { new CallbackEntry(fact.At, CallbackAction.Abandoned, System, null) },
                Version = 1,
            };
        }

        Entries[fact.InteractionId] = entry;
        changed[fact.InteractionId] = entry;
        if (entry.CustomerId is { } owner)
        {
            CustomerEntries(owner).Add(fact.InteractionId);
        }

        // The customer's other abandons are calls again; an answer of theirs already known may close this one.
        if (fact.CustomerId is { } customer)
        {
            foreach (var other in OfCustomer(customer).Where(e => e.InteractionId != fact.InteractionId).ToList())
            {
                MarkCalledAgain(other, fact.InteractionId, fact.At, changed);
                MarkCalledAgain(Entries[fact.InteractionId], other.InteractionId, other.AbandonedAt, changed);
            }

            if (Answers.TryGetValue(customer, out var answers))
            {
                foreach (var (id, at) in answers.OrderBy(a => a.Value))
                {
                    MarkCalledAgain(Entries[fact.InteractionId], id, at, changed);
                    Close(Entries[fact.InteractionId], id, at, window, changed);
                }
            }
        }
    }

    private void Answered(CallbackFact fact, TimeSpan window, Dictionary<string, CallbackView> changed)
    {
        if (fact.CustomerId is not { } customer)
        {
            return;
        }

        if (!Answers.TryGetValue(customer, out var answers))
        {
            answers = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            Answers[customer] = answers;
        }

        if (answers.TryGetValue(fact.InteractionId, out var known) && known == fact.At)
        {
            return; // a repeat
        }

        answers[fact.InteractionId] = fact.At;
        answersRemembered++;
        foreach (var entry in OfCustomer(customer).ToList())
        {
            MarkCalledAgain(entry, fact.InteractionId, fact.At, changed);
            Close(Entries[entry.InteractionId], fact.InteractionId, fact.At, window, changed);
        }
    }

    /// <summary>An abandon that a late event turned into something else: gone from the list unless a person already acted on it.</summary>
    private void Withdrawn(CallbackFact fact, Dictionary<string, CallbackView> changed)
    {
        if (Entries.TryGetValue(fact.InteractionId, out var entry) && entry.Status == CallbackStatus.Open && entry.ClaimedBy is null)
        {
            Remove(fact.InteractionId);
            changed[fact.InteractionId] = entry with { Withdrawn = true, Version = entry.Version + 1 };
        }
    }

    private void MarkCalledAgain(CallbackView entry, string interactionId, DateTimeOffset at, Dictionary<string, CallbackView> changed)
    {
        if (at <= entry.AbandonedAt || entry.CalledAgainAt is { } earlier && earlier <= at)
        {
            return;
        }

        var updated = Replaced(entry with { CalledAgainAt = at }, new CallbackEntry(at, CallbackAction.CalledAgain, System, null) { InteractionId = interactionId });
        Entries[entry.InteractionId] = updated;
        changed[entry.InteractionId] = updated;
    }

    /// <summary>Closes an open entry answered later within the window; the earliest such answer is the one recorded.</summary>
    private void Close(CallbackView entry, string answeredBy, DateTimeOffset answeredAt, TimeSpan window, Dictionary<string, CallbackView> changed)
    {
        if (answeredBy == entry.InteractionId || answeredAt <= entry.AbandonedAt || answeredAt > entry.AbandonedAt + window)
        {
            return;
        }

        if (!entry.IsOpen && !(entry.Status == CallbackStatus.AutoClosed && entry.ClosedAt > answeredAt))
        {
            return;
        }

        var updated = Replaced(entry with
        {
            Status = CallbackStatus.AutoClosed,
            ClosedAt = answeredAt,
            ClosedBy = System,
            AnsweredBy = answeredBy,
        }, new CallbackEntry(answeredAt, CallbackAction.AutoClosed, System, $"answered in {answeredBy}") { InteractionId = answeredBy });
        Entries[entry.InteractionId] = updated;
        changed[entry.InteractionId] = updated;
    }

    /// <summary>A system entry that an earlier fact supersedes: one of its kind in the timeline, whatever the arrival order.</summary>
    private static CallbackView Replaced(CallbackView entry, CallbackEntry audit) =>
        Changed(entry with { Timeline = entry.Timeline.Where(t => t.Action != audit.Action).ToArray() }, audit);

    // Arrays, not collection expressions: the serializer knows an array's type, while the compiler's own read-only
    // list types make it search for a codec on every write.
    private static CallbackView Changed(CallbackView entry, CallbackEntry audit) =>
        entry with { Timeline = entry.Timeline.Append(audit).OrderBy(t => t.At).ToArray(), Version = entry.Version + 1 };

    private IEnumerable<CallbackView> OfCustomer(string customer) =>
        CustomerIndex().TryGetValue(customer, out var ids) ? ids.Select(id => Entries[id]) : [];

    private HashSet<string> CustomerEntries(string customer)
    {
        var index = CustomerIndex();
        if (!index.TryGetValue(customer, out var ids))
        {
            ids = new HashSet<string>(StringComparer.Ordinal);
            index[customer] = ids;
        }

        return ids;
    }

    private void Remove(string interactionId)
    {
        if (Entries.Remove(interactionId, out var entry) && entry.CustomerId is { } customer
            && CustomerIndex().TryGetValue(customer, out var ids) && ids.Remove(interactionId) && ids.Count == 0)
        {
            byCustomer!.Remove(customer);
        }
    }

    private Dictionary<string, HashSet<string>> CustomerIndex()
    {
        if (byCustomer is null)
        {
            byCustomer = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var entry in Entries.Values)
            {
                if (entry.CustomerId is { } customer)
                {
                    if (!byCustomer.TryGetValue(customer, out var ids))
                    {
                        ids = new HashSet<string>(StringComparer.Ordinal);
                        byCustomer[customer] = ids;
                    }

                    ids.Add(entry.InteractionId);
                }
            }
        }

        return byCustomer;
    }
}
