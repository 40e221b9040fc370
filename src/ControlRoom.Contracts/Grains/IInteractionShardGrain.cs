using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// Consumes one partition of the ingest log (key: the partition). It owns the interactions whose id hashes to it
/// (their events, for de-duplication and re-derivation of queue legs) and forwards the presence events of the
/// agents that hash to it. It applies the partition's entries strictly in log order, each one delivered to every
/// queue and agent it touches before the next, and rebuilds itself from its snapshot and the log after a crash.
/// </summary>
[Alias("cr.IInteractionShardGrain")]
public interface IInteractionShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies the entry at <paramref name="position"/> (and any earlier one not applied yet, read from the log) and
    /// returns once every queue and agent it touches has it durably; an entry applied before answers its result again.
    /// </summary>
    [Alias("Apply")]
    Task<IngestResult> Apply(long position, LogBatch batch);

    /// <summary>Applies whatever the partition holds beyond what is applied; returns the position applied.</summary>
    [Alias("CatchUp")]
    Task<long> CatchUp();
}
