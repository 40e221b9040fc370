using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;

namespace ControlRoom.Grains.Callbacks;

/// <summary>The abandons and answers among a shard's staged leg changes, with each interaction's customer.</summary>
public static class CallbackFacts
{
    public static IReadOnlyList<CallbackFact> From(StagedBatch staged)
    {
        List<CallbackFact>? facts = null;
        foreach (var change in staged.Changes)
        {
            if (Fact(change) is not ({ } kind, { } leg, { } at))
            {
                continue;
            }

            var customer = staged.Updates.FirstOrDefault(u => u.Id == leg.InteractionId).Events?
                .Select(e => e.CustomerId).FirstOrDefault(c => c is { Length: > 0 });
            (facts ??= []).Add(new CallbackFact(kind, leg.InteractionId, leg.QueueId, leg.Channel, customer, leg.OfferedAt, at));
        }

        return facts ?? (IReadOnlyList<CallbackFact>)[];
    }

    private static (CallbackFactKind?, LegFact?, DateTimeOffset?) Fact(LegChange change) => change switch
    {
        { New: { Outcome: LegOutcome.Abandoned, OutcomeAt: { } at } leg } => (CallbackFactKind.Abandoned, leg, at),
        { New: { Outcome: LegOutcome.Answered } leg } when (leg.AnsweredAt ?? leg.OutcomeAt) is { } at => (CallbackFactKind.Answered, leg, at),
        { Old: { Outcome: LegOutcome.Abandoned, OutcomeAt: { } at } leg } => (CallbackFactKind.Withdrawn, leg, at),
        _ => (null, null, null),
    };
}
