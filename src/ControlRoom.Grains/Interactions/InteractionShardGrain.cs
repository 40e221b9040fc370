using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Interactions;
using ControlRoom.Grains.Callbacks;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace ControlRoom.Grains.Interactions;

/// <summary>
/// Consumes one partition of the ingest log, strictly in log order: de-duplicates the entry's interaction events,
/// re-derives the touched interactions' legs and hands the changes (with the entry's position) to queues and agents,
/// together with the presence events of the agents of this partition. The book records an entry only after every
/// hand-over succeeded, and each receiver ignores a position it already has, so a retried or replayed entry neither
/// loses nor doubles a figure. After a crash the grain reloads its snapshot and replays the log behind it; the log
/// is trimmed only behind a snapshot, because every receiver journals what it was handed before answering.
/// </summary>
public sealed partial class InteractionShardGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<ControlRoomGrainOptions> options,
    TimeProvider clock,
    ILogger<InteractionShardGrain> logger) : Grain, IInteractionShardGrain
{
    private const int ReadPage = 500;

    /// <summary>Results of recent entries, for an ingest call that arrives after its entry was applied from the log.</summary>
    private readonly RecentResults results = new(4096);

    /// <summary>How often the book packs what became quiet (packing changes no figure; see <see cref="InteractionBook.Pack"/>).</summary>
    private static readonly TimeSpan PackEvery = TimeSpan.FromSeconds(15);

    private readonly ShardEventPacker packer = new(serializer);
    private DateTimeOffset nextPack;
    private ShardState state = new();
    private long snapshotVersion;
    private long trimmedThrough;
    private SnapshotSchedule? schedule;

    /// <summary>The snapshot being written, off the shard's turn; the next tick takes its outcome.</summary>
    private SnapshotWrite? writing;

    private int Shard => (int)this.GetPrimaryKeyLong();

    private string Partition => StoreKeys.LogPartition(Shard);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        schedule = new SnapshotSchedule(clock, options.Value.PersistInterval);
        if (await store.ReadSnapshotAsync(StoreKeys.ShardSnapshot(Shard), cancellationToken) is { } snapshot)
        {
            snapshotVersion = snapshot.Version;
            trimmedThrough = snapshot.Position;
            if (snapshot.Payload.Length > 0)
            {
                // The whole book in one piece, as earlier versions wrote it: the next snapshot writes it as parts.
                state = serializer.Deserialize<ShardState>(snapshot.Payload)!;
                state.Book.MarkAllChanged();
                schedule.Changed();
            }
            else
            {
                state.Position = snapshot.Position;
                foreach (var part in await store.ReadSnapshotPartsAsync(StoreKeys.ShardSnapshot(Shard), cancellationToken))
                {
                    state.Book.Restore(part.Name, part.Payload);
                }
            }
        }

        var from = state.Position;
        await CatchUpTo(long.MaxValue, cancellationToken);
        if (state.Position > from)
        {
            LogRecovered(Shard, state.Position - from, from, state.Position);
        }

        this.RegisterGrainTimer(Tick, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (writing is { } inFlight)
        {
            await Finished(inFlight);
            CollectSnapshot();
        }

        if (schedule!.Unsaved && options.Value.SavesOn(reason) && store.IsAvailable)
        {
            try
            {
                await Finished(StartSnapshot(cancellationToken));
                CollectSnapshot(); // a failure is logged there; the log still holds everything and the next activation replays it
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSnapshotFailed(ex, Shard); // the log still holds everything; the next activation replays it
            }
        }
    }

    public async Task<IngestResult> Apply(long position, LogBatch batch)
    {
        if (position <= state.Position)
        {
            return results.Get(position) ?? new IngestResult(0, batch.Events.Count);
        }

        if (position > state.Position + 1)
        {
            // An earlier entry (another request's, possibly from another node) is not applied yet: log order first.
            await CatchUpTo(position - 1, CancellationToken.None);
        }

        return await ApplyEntry(position, batch);
    }

    public async Task<long> CatchUp()
    {
        await CatchUpTo(long.MaxValue, CancellationToken.None);
        return state.Position;
    }

    private async Task CatchUpTo(long through, CancellationToken cancellationToken)
    {
        while (state.Position < through)
        {
            var entries = await store.ReadAsync(Partition, state.Position, ReadPage, cancellationToken);
            if (entries.Count == 0)
            {
                return;
            }

            foreach (var entry in entries)
            {
                if (entry.Position > through)
                {
                    return;
                }

                if (entry.Position != state.Position + 1)
                {
                    throw new InvalidOperationException(
                        $"Log partition {Shard} jumps from {state.Position} to {entry.Position}: entries were trimmed before this shard applied them.");
                }

                await ApplyEntry(entry.Position, LogEntryFormat.Read(entry.Payload, serializer));
            }
        }
    }

    private async Task<IngestResult> ApplyEntry(long position, LogBatch batch)
    {
        var interactionEvents = new List<ContactEvent>(batch.Events.Count);
        Dictionary<string, List<ContactEvent>>? presence = null;
        foreach (var e in batch.Events)
        {
            if (EventRouter.IsAgentEvent(e))
            {
                Add(presence ??= new(StringComparer.Ordinal), e.AgentId!, e);
            }
            else
            {
                interactionEvents.Add(e);
            }
        }

        var staged = state.Book.Stage(interactionEvents, batch.ReceivedAt, packer);
        var result = staged.Result;
        var queueCalls = new List<Task>();
        var sourceLag = batch.SourceLag();
        foreach (var (queueId, changes) in ByQueue(staged.Changes))
        {
            queueCalls.Add(GrainFactory.GetGrain<IQueueGrain>(queueId).ApplyLegs(new LegBatch(Shard, position, batch.ReceivedAt, changes) { SourceLag = sourceLag }));
        }

        if (CallbackFacts.From(staged) is { Count: > 0 } callbackFacts)
        {
            // The worklist is a receiver like the queues: it saves before answering and takes a replay as a repeat.
            queueCalls.Add(GrainFactory.GetGrain<ICallbackBookGrain>(0).Apply(callbackFacts));
        }

        var agentCalls = new List<Task<IngestResult>>();
        var legsByAgent = ByAgent(staged.Changes);
        var missedByAgent = ByMissedAgent(staged.Changes);
        foreach (var agentId in legsByAgent.Keys.Union(presence?.Keys ?? Enumerable.Empty<string>(), StringComparer.Ordinal).Union(missedByAgent.Keys, StringComparer.Ordinal))
        {
            agentCalls.Add(GrainFactory.GetGrain<IAgentGrain>(agentId).Apply(new AgentBatch(Shard, position, batch.ReceivedAt,
                legsByAgent.GetValueOrDefault(agentId) ?? [], presence?.GetValueOrDefault(agentId) ?? [])
            {
                MissedLegs = missedByAgent.GetValueOrDefault(agentId) ?? [],
            }));
        }

        await Task.WhenAll(queueCalls);
        foreach (var agentResult in await Task.WhenAll(agentCalls))
        {
            result += agentResult;
        }

        state.Book.Commit(staged, packer);
        state.Position = position;
        results.Add(position, result);
        schedule!.Changed();
        return result;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        // Quiet interactions are packed as they become quiet, also when no event arrives any more (the end of a shift).
        var now = clock.GetUtcNow();
        if (now >= nextPack)
        {
            state.Book.Pack(now, packer);
            nextPack = now + PackEvery;
        }

        CollectSnapshot();
        if (!store.IsAvailable)
        {
            return;
        }

        try
        {
            // Entries a node appended but could not hand over (it crashed, or the call failed) are applied here.
            if (await store.HeadAsync(Partition, cancellationToken) > state.Position)
            {
                await CatchUpTo(long.MaxValue, cancellationToken);
            }

            if (writing is null && schedule!.IsDue)
            {
                // Pruning changes what a replay would derive, so it happens only right before a snapshot that records it.
                state.Book.Prune(now);
                // Not the tick's token: the write outlives this tick, and the store bounds it with its own timeouts.
                StartSnapshot(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSnapshotFailed(ex, Shard);
        }
    }

    /// <summary>
    /// Begins writing the log position with the interactions changed or forgotten since the last snapshot, one part
    /// each, in one atomic write: its cost follows the traffic since then, not the day the book holds. The parts are
    /// packed here, in the shard's turn; the write and the log's trim behind it run off the turn, so the entries
    /// arriving meanwhile are applied instead of waiting for the store's commit (every request touches every shard,
    /// and a shard that awaited its write in its tick held every request for as long). One write at a time: the next
    /// tick takes its outcome (<see cref="CollectSnapshot"/>).
    /// </summary>
    private SnapshotWrite StartSnapshot(CancellationToken cancellationToken)
    {
        var position = state.Position;
        var changes = state.Book.TakeChanges();
        var put = new List<SnapshotPart>(changes.Changed.Count);
        foreach (var id in changes.Changed)
        {
            put.Add(new SnapshotPart(id, state.Book.Saved(id, packer)));
        }

        var attempt = schedule!.Begin();
        var task = WriteAndTrimAsync(store, clock, StoreKeys.ShardSnapshot(Shard), Partition, snapshotVersion, position,
            new SnapshotParts(put, [.. changes.Removed]), trimmedThrough, cancellationToken);
        writing = new SnapshotWrite(task, changes, position, attempt);
        return writing;
    }

    /// <summary>Takes the outcome of a finished write: its version and trim, or its changes given back as unsaved.</summary>
    private void CollectSnapshot()
    {
        if (writing is not { Task.IsCompleted: true } done)
        {
            return;
        }

        writing = null;
        if (done.Task.IsCompletedSuccessfully)
        {
            var (version, took, trimmed) = done.Task.Result;
            snapshotVersion = version;
            if (trimmed)
            {
                trimmedThrough = Math.Max(trimmedThrough, done.Position);
            }

            schedule!.Succeeded(done.Attempt, took);
            return;
        }

        state.Book.Untake(done.Changes);
        schedule!.Failed();
        LogSnapshotFailed(done.Task.Exception?.GetBaseException() ?? new OperationCanceledException(), Shard);
    }

    /// <summary>
    /// Not awaited by the shard's turn: it touches no grain state, only what it was handed (its continuations run on the
    /// shard's scheduler between the shard's own steps, never inside them).
    /// </summary>
    private static async Task<(long Version, TimeSpan Took, bool Trimmed)> WriteAndTrimAsync(IEventStore store, TimeProvider clock,
        string key, string partition, long expectedVersion, long position, SnapshotParts parts, long trimmedThrough, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var version = await store.WriteSnapshotAsync(key, expectedVersion, position, ReadOnlyMemory<byte>.Empty, parts, cancellationToken);
        var took = clock.GetElapsedTime(started);
        var trimmed = position > trimmedThrough && await OffTurnWrites.TrimBehindAsync(store, partition, position);
        return (version, took, trimmed);
    }

    private static Task Finished(SnapshotWrite write) => OffTurnWrites.SettledAsync(write.Task);

    private sealed record SnapshotWrite(Task<(long Version, TimeSpan Took, bool Trimmed)> Task, BookChanges Changes, long Position, SaveAttempt Attempt);

    private static Dictionary<string, List<LegChange>> ByQueue(IReadOnlyList<LegChange> changes)
    {
        var byQueue = new Dictionary<string, List<LegChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            Add(byQueue, (change.New ?? change.Old)!.QueueId, change);
        }

        return byQueue;
    }

    /// <summary>Legs with an agent go to that agent; a leg whose agent changed is retracted from the first.</summary>
    private static Dictionary<string, List<LegChange>> ByAgent(IReadOnlyList<LegChange> changes)
    {
        var byAgent = new Dictionary<string, List<LegChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var oldAgent = change.Old?.AgentId;
            var newAgent = change.New?.AgentId;
            if (oldAgent is not null && !string.Equals(oldAgent, newAgent, StringComparison.Ordinal))
            {
                Add(byAgent, oldAgent, new LegChange(change.Old, null));
                if (newAgent is not null)
                {
                    Add(byAgent, newAgent, new LegChange(null, change.New));
                }
            }
            else if (newAgent is not null)
            {
                Add(byAgent, newAgent, change);
            }
        }

        return byAgent;
    }

    /// <summary>Legs that rang at an agent without being answered go to each such agent, as they were and are.</summary>
    private static Dictionary<string, List<LegChange>> ByMissedAgent(IReadOnlyList<LegChange> changes)
    {
        var byAgent = new Dictionary<string, List<LegChange>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var agents = (change.Old?.RingNoAnswers?.Items ?? []).Concat(change.New?.RingNoAnswers?.Items ?? [])
                .Select(m => m.AgentId).Distinct(StringComparer.Ordinal);
            foreach (var agentId in agents)
            {
                Add(byAgent, agentId, change);
            }
        }

        return byAgent;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T item)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(item);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} replayed {Count} log entries ({From} to {To}) on activation")]
    private partial void LogRecovered(int shard, long count, long from, long to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} could not write its snapshot; the log keeps its entries and the write is retried")]
    private partial void LogSnapshotFailed(Exception exception, int shard);
}

/// <summary>
/// A quiet interaction's events packed compactly; what earlier versions packed with the cluster's serializer, still in
/// their snapshots, is read back with it.
/// </summary>
internal sealed class ShardEventPacker(Serializer serializer) : IEventPacker
{
    public byte[] Pack(List<ContactEvent> events) => CompactEventPacker.Instance.Pack(events);

    public List<ContactEvent> Unpack(byte[] packed) => CompactEventPacker.IsCompact(packed)
        ? CompactEventPacker.Instance.Unpack(packed)
        : serializer.Deserialize<List<ContactEvent>>(packed)!;
}

/// <summary>
/// A shard's state in memory: its interactions and the log position they include. Earlier versions stored it whole as
/// one snapshot; it is read that way once and stored as parts from then on.
/// </summary>
[GenerateSerializer, Alias("cr.ShardState")]
public sealed class ShardState
{
    [Id(0)] public InteractionBook Book { get; set; } = new();

    [Id(1)] public long Position { get; set; }
}
