using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Grains.Agents;

/// <summary>What an agent persists: its live state and, per shard, the last log position it applied.</summary>
[GenerateSerializer, Alias("cr.AgentRecord")]
public sealed class AgentRecord
{
    [Id(0)] public AgentLiveState Live { get; set; } = new();

    [Id(1)] public Dictionary<int, long> Positions { get; set; } = [];

    public bool Has(AgentBatch batch) => batch.Position <= Positions.GetValueOrDefault(batch.Shard);
}

/// <summary>A change to an agent, journaled as it is applied (the caller answers once the append is durable).</summary>
[GenerateSerializer, Alias("cr.AgentEntry")]
public abstract record AgentEntry
{
    /// <summary>Batches from the shards, almost every entry an agent journals, are packed compactly (<see cref="CompactHandOverPacker"/>); the rest by the general serializer.</summary>
    public static readonly JournalFormat<AgentEntry> Format = new(
        entry => entry is AgentBatchEntry batch ? CompactHandOverPacker.Pack(batch.Batch) : null,
        bytes => CompactHandOverPacker.IsCompact(bytes) ? new AgentBatchEntry(CompactHandOverPacker.UnpackAgentBatch(bytes)) : null);

    /// <summary>Applies the entry; the same function serves the live path and the replay.</summary>
    public abstract AgentApplied ApplyTo(AgentRecord record);
}

/// <summary>What applying an entry did: counts for the ingest answer, and whether the agent's queues must be told.</summary>
public readonly record struct AgentApplied(IngestResult Result, bool TellQueues);

[GenerateSerializer, Alias("cr.AgentEntry.Batch")]
public sealed record AgentBatchEntry([property: Id(0)] AgentBatch Batch) : AgentEntry
{
    public override AgentApplied ApplyTo(AgentRecord record)
    {
        int accepted = 0, duplicates = 0;
        List<string>? conflicts = null;
        foreach (var e in Batch.Presence)
        {
            switch (record.Live.ApplyPresence(e))
            {
                case PresenceOutcome.Added: accepted++; break;
                case PresenceOutcome.Duplicate: duplicates++; break;
                default: (conflicts ??= []).Add(e.EventId); break;
            }
        }

        var tell = accepted > 0;
        foreach (var change in Batch.Changes)
        {
            tell |= record.Live.ApplyLeg(change, Batch.At);
        }

        foreach (var change in Batch.MissedLegs)
        {
            record.Live.ApplyMissed(change);
        }

        record.Positions[Batch.Shard] = Batch.Position;
        return new AgentApplied(new IngestResult(accepted, duplicates) { Conflicts = conflicts }, tell);
    }
}

/// <summary>A planner's assignment (null: back to the queues the source reports).</summary>
[GenerateSerializer, Alias("cr.AgentEntry.Assignment")]
public sealed record AgentAssignmentEntry([property: Id(0)] IReadOnlyList<QueueAssignment>? Assignment) : AgentEntry
{
    public override AgentApplied ApplyTo(AgentRecord record)
    {
        record.Live.Assignment = Assignment is null ? null : [.. Assignment];
        return new AgentApplied(default, true);
    }
}
