using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// Owns the interactions whose id hashes to this shard: their events (for de-duplication and re-derivation) and
/// their queue legs. Interaction events carry no queue after the offer, so they are routed by interaction.
/// </summary>
[Alias("cr.IInteractionShardGrain")]
public interface IInteractionShardGrain : IGrainWithIntegerKey
{
    /// <summary>Applies the events and returns once every queue and agent they touch has applied the result.</summary>
    [Alias("Apply")]
    Task<IngestResult> Apply(IReadOnlyList<ContactEvent> events);
}
