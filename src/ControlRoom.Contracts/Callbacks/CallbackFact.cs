using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Callbacks;

[GenerateSerializer, Alias("cr.CallbackFactKind")]
public enum CallbackFactKind
{
    /// <summary>The interaction's last leg ended abandoned.</summary>
    Abandoned,

    /// <summary>A leg was answered.</summary>
    Answered,

    /// <summary>A leg once derived as abandoned is no longer (a late event changed it): the abandon is withdrawn.</summary>
    Withdrawn,
}

/// <summary>What the interaction shards tell the worklist when they apply a leg's abandon or answer (idempotent).</summary>
[GenerateSerializer, Immutable, Alias("cr.CallbackFact")]
public sealed record CallbackFact(
    [property: Id(0)] CallbackFactKind Kind,
    [property: Id(1)] string InteractionId,
    [property: Id(2)] string QueueId,
    [property: Id(3)] Channel Channel,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] DateTimeOffset OfferedAt,
    [property: Id(6)] DateTimeOffset At);
