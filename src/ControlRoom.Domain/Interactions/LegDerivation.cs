using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Domain.Interactions;

/// <summary>
/// Derives an interaction's queue legs from the set of its events. The result depends only on the set, never
/// on the order the events arrived in, so a shuffled or duplicated feed gives the same legs as a clean one.
/// </summary>
/// <remarks>
/// Rules, each clamped so that no duration is negative when sources' clocks disagree:
/// the earliest <c>offered</c> opens the first leg; each <c>transferred</c> (by time) closes the current leg and
/// opens one in <c>toQueueId</c> at the same moment; <c>answered</c>/<c>abandoned</c> belong to the leg active at
/// their time (the first leg when they precede every offer), and the first outcome of a leg wins; <c>ended</c> and
/// <c>wrapup_ended</c> belong to the answered leg; <c>replied</c> to the leg active then; <c>resolved</c> and
/// surveys to the last leg. Without any <c>offered</c> or <c>transferred</c>, the earliest <c>answered</c> or
/// <c>abandoned</c> that names a <c>queueId</c> opens the leg at its own time (the contact was in that queue then;
/// no wait is known, so none is counted), flagged <see cref="LegFact.OfferMissing"/>; the offer, when it comes,
/// replaces it. Otherwise there is no leg: the events wait in the interaction's record until the offer arrives.
/// A <c>ring_no_answer</c> changes no leg's outcome: the contact stays in its queue, waiting; it is listed on the leg
/// active at its time (<see cref="LegFact.RingNoAnswers"/>), so queues and agents count it from the leg.
/// </remarks>
public static class LegDerivation
{
    public static List<LegFact> Derive(string interactionId, IReadOnlyList<ContactEvent> events)
    {
        var sorted = events.ToArray();
        Array.Sort(sorted, EventOrder.Instance);

        var legs = new List<Leg>(2);
        foreach (var e in sorted)
        {
            if (e.Type == EventType.InteractionOffered && legs.Count == 0)
            {
                legs.Add(new Leg(e.QueueId!, e.Channel ?? Channel.Voice, e.OccurredAt));
            }
        }

        foreach (var e in sorted)
        {
            if (e.Type != EventType.InteractionTransferred)
            {
                continue;
            }

            if (legs.Count == 0)
            {
                legs.Add(new Leg(e.ToQueueId!, e.Channel ?? Channel.Voice, e.OccurredAt));
                continue;
            }

            var last = legs[^1];
            if (string.Equals(last.QueueId, e.ToQueueId, StringComparison.Ordinal))
            {
                continue;
            }

            var at = Max(e.OccurredAt, last.OfferedAt);
            last.TransferredAt = at;
            legs.Add(new Leg(e.ToQueueId!, last.Channel, at));
        }

        var offerMissing = false;
        if (legs.Count == 0)
        {
            // Only an answer or an abandon places the contact in a queue at a moment; a late survey or resolution
            // naming a queue may belong to a contact whose record is long gone, and would count a phantom offer.
            foreach (var e in sorted)
            {
                if (e.Type is EventType.InteractionAnswered or EventType.InteractionAbandoned && e.QueueId is { } queueId)
                {
                    legs.Add(new Leg(queueId, e.Channel ?? Channel.Voice, e.OccurredAt));
                    offerMissing = true;
                    break;
                }
            }
        }

        if (legs.Count == 0)
        {
            return [];
        }

        foreach (var e in sorted)
        {
            switch (e.Type)
            {
                case EventType.InteractionAnswered or EventType.InteractionAbandoned:
                    var leg = LegAt(legs, e.OccurredAt);
                    if (leg.Outcome == LegOutcome.Open)
                    {
                        leg.Outcome = e.Type == EventType.InteractionAnswered ? LegOutcome.Answered : LegOutcome.Abandoned;
                        leg.OutcomeAt = Max(e.OccurredAt, leg.OfferedAt);
                        leg.AgentId = e.Type == EventType.InteractionAnswered ? e.AgentId : null;

                        // The wait is clamped at the offer, but talk is measured on the answering system's own
                        // clock: an answer stamped a second before the offer still talked from its own stamp.
                        leg.AnsweredEventAt = e.Type == EventType.InteractionAnswered ? e.OccurredAt : null;
                    }

                    break;
                case EventType.InteractionReplied:
                    var replied = LegAt(legs, e.OccurredAt);
                    replied.FirstReplyAt ??= Max(e.OccurredAt, replied.OfferedAt);
                    break;
                case EventType.InteractionResolved:
                    var resolved = legs[^1];
                    if (resolved.ResolvedAt is null)
                    {
                        resolved.ResolvedAt = Max(e.OccurredAt, resolved.OfferedAt);
                        resolved.FirstContact = e.FirstContact;
                    }

                    break;
                case EventType.InteractionRingNoAnswer:
                    (LegAt(legs, e.OccurredAt).RingNoAnswers ??= []).Add(new RingMiss(e.AgentId!, e.OccurredAt));
                    break;
                case EventType.SurveyCompleted:
                    // Sorted by time, so the latest answer of each kind wins.
                    legs[^1].Csat = e.Csat ?? legs[^1].Csat;
                    legs[^1].Nps = e.Nps ?? legs[^1].Nps;
                    break;
            }
        }

        foreach (var leg in legs)
        {
            if (leg.TransferredAt is { } transferredAt)
            {
                if (leg.Outcome == LegOutcome.Open)
                {
                    leg.Outcome = LegOutcome.TransferredOut;
                    leg.OutcomeAt = transferredAt;
                }
                else if (leg.Outcome == LegOutcome.Answered)
                {
                    // Talking ends when the contact is handed on.
                    leg.EndedAt = Max(transferredAt, leg.AnsweredEventAt!.Value);
                }
            }
        }

        foreach (var e in sorted)
        {
            if (e.Type == EventType.InteractionEnded && AnsweredLegAt(legs, e.OccurredAt) is { } ended)
            {
                var at = Max(e.OccurredAt, ended.AnsweredEventAt!.Value);
                ended.EndedAt = ended.EndedAt is { } prior && prior < at ? prior : at;
            }
        }

        foreach (var e in sorted)
        {
            if (e.Type == EventType.InteractionWrapupEnded && AnsweredLegAt(legs, e.OccurredAt) is { } wrapped
                && wrapped.WrapupEndedAt is null)
            {
                wrapped.WrapupEndedAt = Max(e.OccurredAt, wrapped.EndedAt ?? wrapped.AnsweredEventAt!.Value);
            }
        }

        var facts = new List<LegFact>(legs.Count);
        for (var i = 0; i < legs.Count; i++)
        {
            var l = legs[i];
            facts.Add(new LegFact(interactionId, i, l.QueueId, l.Channel, l.OfferedAt)
            {
                Outcome = l.Outcome,
                OutcomeAt = l.OutcomeAt,
                AnsweredAt = l.Outcome == LegOutcome.Answered ? l.AnsweredEventAt : null,
                AgentId = l.AgentId,
                TransferredAt = l.TransferredAt,
                EndedAt = l.Outcome == LegOutcome.Answered ? l.EndedAt : null,
                WrapupEndedAt = l.Outcome == LegOutcome.Answered && l.EndedAt is not null ? l.WrapupEndedAt : null,
                FirstReplyAt = l.FirstReplyAt,
                ResolvedAt = l.ResolvedAt,
                FirstContact = l.FirstContact,
                Csat = l.Csat,
                Nps = l.Nps,
                OfferMissing = offerMissing,
                RingNoAnswers = l.RingNoAnswers is { } misses ? new RingMisses(misses) : null,
            });
        }

        return facts;
    }

    /// <summary>The leg in the queue at time <paramref name="at"/>; the first leg for times before every offer.</summary>
    private static Leg LegAt(List<Leg> legs, DateTimeOffset at)
    {
        for (var i = legs.Count - 1; i > 0; i--)
        {
            if (legs[i].OfferedAt <= at)
            {
                return legs[i];
            }
        }

        return legs[0];
    }

    /// <summary>The last leg answered at or before <paramref name="at"/>, else the first answered leg.</summary>
    private static Leg? AnsweredLegAt(List<Leg> legs, DateTimeOffset at)
    {
        Leg? first = null;
        for (var i = legs.Count - 1; i >= 0; i--)
        {
            if (legs[i].Outcome != LegOutcome.Answered)
            {
                continue;
            }

            if (legs[i].OutcomeAt <= at)
            {
                return legs[i];
            }

            first = legs[i];
        }

        return first;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private sealed class Leg(string queueId, Channel channel, DateTimeOffset offeredAt)
    {
        public string QueueId { get; } = queueId;
        public Channel Channel { get; } = channel;
        public DateTimeOffset OfferedAt { get; } = offeredAt;
        public LegOutcome Outcome { get; set; }
        public DateTimeOffset? OutcomeAt { get; set; }
        public DateTimeOffset? AnsweredEventAt { get; set; }
        public string? AgentId { get; set; }
        public DateTimeOffset? TransferredAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public DateTimeOffset? WrapupEndedAt { get; set; }
        public DateTimeOffset? FirstReplyAt { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public bool? FirstContact { get; set; }
        public int? Csat { get; set; }
        public int? Nps { get; set; }
        public List<RingMiss>? RingNoAnswers { get; set; }
    }
}

/// <summary>Event time first; ties broken by causal type order, then by event id, so the order is total.</summary>
public sealed class EventOrder : IComparer<ContactEvent>
{
    public static EventOrder Instance { get; } = new();

    public int Compare(ContactEvent? x, ContactEvent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byTime = x.OccurredAt.UtcTicks.CompareTo(y.OccurredAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byType = Rank(x.Type).CompareTo(Rank(y.Type));
        return byType != 0 ? byType : string.CompareOrdinal(x.EventId, y.EventId);
    }

    private static int Rank(EventType type) => type switch
    {
        EventType.InteractionOffered => 0,
        EventType.InteractionTransferred => 1,
        EventType.InteractionRingNoAnswer => 2, // an agent's phone rang out before another agent answered
        EventType.InteractionAnswered => 3,
        EventType.InteractionAbandoned => 4,
        EventType.InteractionReplied => 5,
        EventType.InteractionEnded => 6,
        EventType.InteractionWrapupEnded => 7,
        EventType.InteractionResolved => 8,
        EventType.SurveyCompleted => 9,
        _ => 10,
    };
}
