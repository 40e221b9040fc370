using ControlRoom.Contracts.Callbacks;
using ControlRoom.Domain.Callbacks;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Grains.Callbacks;

/// <summary>A change to the call-back worklist, journaled; the same function serves the live path and the replay.</summary>
[GenerateSerializer, Alias("cr.CallbackJournalEntry")]
public abstract record CallbackJournalEntry
{
    /// <summary>What the shards hand over, almost every entry the worklist journals, is packed compactly (<see cref="CompactHandOverPacker"/>); a person's action by the general serializer.</summary>
    public static readonly JournalFormat<CallbackJournalEntry> Format = new(
        entry => entry is CallbackFactsEntry facts ? CompactHandOverPacker.Pack(facts.Facts) : null,
        bytes => CompactHandOverPacker.IsCompact(bytes) ? new CallbackFactsEntry(CompactHandOverPacker.UnpackCallbackFacts(bytes)) : null);

    public abstract void ApplyTo(CallbackBook book, TimeSpan autoCloseWindow);
}

/// <summary>Abandons and answers a shard handed over.</summary>
[GenerateSerializer, Alias("cr.CallbackJournalEntry.Facts")]
public sealed record CallbackFactsEntry([property: Id(0)] IReadOnlyList<CallbackFact> Facts) : CallbackJournalEntry
{
    public override void ApplyTo(CallbackBook book, TimeSpan autoCloseWindow) => book.Apply(Facts, autoCloseWindow);
}

/// <summary>A person's claim or outcome, with the time it was made (a replay must not take the replay's time).</summary>
[GenerateSerializer, Alias("cr.CallbackJournalEntry.Action")]
public sealed record CallbackActionEntry(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] CallbackCommand Command,
    [property: Id(2)] DateTimeOffset At) : CallbackJournalEntry
{
    public override void ApplyTo(CallbackBook book, TimeSpan autoCloseWindow) => book.Act(InteractionId, Command, At);
}
