using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Grains.Queues;

/// <summary>What a queue persists: its live state and, per shard, the last log position it applied.</summary>
[GenerateSerializer, Alias("cr.QueueRecord")]
public sealed class QueueRecord
{
    [Id(0)] public QueueLiveState Live { get; set; } = new();

    [Id(1)] public Dictionary<int, long> Positions { get; set; } = [];

    public bool Has(LegBatch batch) => batch.Position <= Positions.GetValueOrDefault(batch.Shard);
}

/// <summary>
/// A change to a queue, journaled as it is applied (the caller answers once the append is durable). Agent presence updates are not journaled (the agents hold
/// them: a rebuilt queue asks its members for theirs); joining and leaving are, so a rebuilt queue knows exactly whom
/// to ask.
/// </summary>
[GenerateSerializer, Alias("cr.QueueEntry")]
public abstract record QueueEntry
{
    /// <summary>Legs, almost every entry a queue journals, are packed compactly (<see cref="CompactHandOverPacker"/>); the rest by the general serializer.</summary>
    public static readonly JournalFormat<QueueEntry> Format = new(
        entry => entry is QueueLegsEntry legs ? CompactHandOverPacker.Pack(legs.Batch) : null,
        bytes => CompactHandOverPacker.IsCompact(bytes) ? new QueueLegsEntry(CompactHandOverPacker.UnpackLegBatch(bytes)) : null);

    /// <summary>Applies the entry to the record; the same function serves the live path and the replay.</summary>
    public abstract void ApplyTo(QueueRecord record, string queueId);
}

[GenerateSerializer, Alias("cr.QueueEntry.Legs")]
public sealed record QueueLegsEntry([property: Id(0)] LegBatch Batch) : QueueEntry
{
    public override void ApplyTo(QueueRecord record, string queueId)
    {
        record.Live.Apply(Batch);
        record.Positions[Batch.Shard] = Batch.Position;
    }
}

[GenerateSerializer, Alias("cr.QueueEntry.Member")]
public sealed record QueueMemberEntry([property: Id(0)] string AgentId, [property: Id(1)] AgentPresence? Presence) : QueueEntry
{
    /// <summary>When an agent left the queue: its last state counts in the queue's agents by state up to then.</summary>
    [Id(2)] public DateTimeOffset? At { get; init; }

    public override void ApplyTo(QueueRecord record, string queueId) => record.Live.SetAgent(AgentId, Presence, At);
}

/// <summary>Agents joining or leaving the queue at once (one entry for the batch an agents' teller delivers).</summary>
[GenerateSerializer, Alias("cr.QueueEntry.Members")]
public sealed record QueueMembersEntry([property: Id(0)] IReadOnlyList<QueueMemberEntry> Changes) : QueueEntry
{
    public override void ApplyTo(QueueRecord record, string queueId)
    {
        foreach (var change in Changes)
        {
            change.ApplyTo(record, queueId);
        }
    }
}

[GenerateSerializer, Alias("cr.QueueEntry.Settings")]
public sealed record QueueSettingsEntry([property: Id(0)] QueueSettings Settings, [property: Id(1)] DateTimeOffset At) : QueueEntry
{
    public override void ApplyTo(QueueRecord record, string queueId) => record.Live.ReplaceSettings(Settings, queueId, At, []);
}
