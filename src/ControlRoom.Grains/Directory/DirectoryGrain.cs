using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace ControlRoom.Grains.Directory;

/// <summary>
/// The list of queues and agents seen (key 0), for lists and reloads; a new one's first snapshot reaches the screens
/// by the live publisher like any change. Journaled like the queues and agents: a write appends only the ids added
/// since the last one, so a new agent costs an append of its id, not a rewrite of a list that a large outsourcer's
/// 10,000 agents make long; snapshots follow the journal's schedule. Additions come in batches (each silo's
/// <see cref="DirectoryLister"/> keeps one call in flight) and are written in batches: every id that arrives while a
/// write is under way goes into the next one. A caller returns once its ids are durable.
/// </summary>
[Reentrant]
public sealed partial class DirectoryGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<ControlRoomGrainOptions> options,
    TimeProvider clock,
    ILogger<DirectoryGrain> logger,
    [PersistentState("directory", StorageNames.State)] IPersistentState<DirectoryState> saved) : Grain, IDirectoryGrain
{
    private GrainJournal<DirectoryState, DirectoryEntry>? journal;
    private GroupCommit? commit;

    private DirectoryState Listed => journal!.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = options.Value.PersistInterval;
        journal = new GrainJournal<DirectoryState, DirectoryEntry>(store, serializer, clock, every, "directory", "0", logger);
        await journal.LoadAsync((state, entry) => entry.ApplyTo(state), cancellationToken);
        if (!journal.Exists && (saved.State.Queues.Count > 0 || saved.State.Agents.Count > 0))
        {
            // Written whole by earlier versions: carried into the journal as its first entry, durably, before any
            // other; until that append lands, every activation starts from the saved list again.
            var carried = new DirectoryEntry([.. saved.State.Queues], [.. saved.State.Agents]);
            await journal.AppendAsync(carried, cancellationToken);
            carried.ApplyTo(Listed);
            LogCarried(carried.Queues!.Count, carried.Agents!.Count);
        }

        commit = new GroupCommit(journal);
        this.RegisterGrainTimer(SaveDue, every, every);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (options.Value.SavesOn(reason))
        {
            await journal!.TrySnapshotAsync(now: true, cancellationToken);
        }
        else
        {
            await journal!.SettleAsync();
        }
    }

    public Task AddQueues(IReadOnlyList<string> queueIds) => Add(queues: true, queueIds);

    public Task AddAgents(IReadOnlyList<string> agentIds) => Add(queues: false, agentIds);

    public Task<IReadOnlyList<string>> GetQueues() =>
        Task.FromResult<IReadOnlyList<string>>([.. Listed.Queues.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetAgents() =>
        Task.FromResult<IReadOnlyList<string>>([.. Listed.Agents.Order(StringComparer.Ordinal)]);

    private async Task Add(bool queues, IReadOnlyList<string> ids)
    {
        var set = queues ? Listed.Queues : Listed.Agents;
        var added = new List<string>();
        var listed = new List<Task>();
        foreach (var id in ids)
        {
            if (set.Add(id))
            {
                added.Add(id);
            }
            else
            {
                // Listed, but perhaps not written yet: answer once the write that carries it is done.
                listed.Add(commit!.Durable(queues, id));
            }
        }

        if (added.Count > 0)
        {
            try
            {
                await commit!.Include(queues, added);
            }
            catch (Exception ex)
            {
                // Not durable: forget them, so the callers' retries add them again. A timed-out append may have landed,
                // so this activation's journal head is in doubt: the next activation reads it afresh.
                set.ExceptWith(added);
                LogWriteFailed(ex);
                DeactivateOnIdle();
                throw;
            }
        }

        await Task.WhenAll(listed);
    }

    private Task SaveDue(CancellationToken cancellationToken) => journal!.TrySnapshotAsync(now: false, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory: carried {Queues} queues and {Agents} agents from the whole-list state of earlier versions into its journal")]
    private partial void LogCarried(int queues, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory: could not journal new ids; the callers retry, and the next activation reloads the journal")]
    private partial void LogWriteFailed(Exception exception);

    /// <summary>
    /// Group commit on one activation's turns: ids join the entry being gathered; one append carries it while the
    /// next one gathers, so appends never overlap (the journal is fenced by its head). A failed append fails every
    /// caller of its entry.
    /// </summary>
    private sealed class GroupCommit(GrainJournal<DirectoryState, DirectoryEntry> journal)
    {
        private readonly Dictionary<(bool Queues, string Id), Task> pending = [];
        private List<string>? queues;
        private List<string>? agents;
        private Task? writing;
        private Task? gathering;

        public Task Durable(bool isQueue, string id) => pending.TryGetValue((isQueue, id), out var write) ? write : Task.CompletedTask;

        public async Task Include(bool isQueue, IReadOnlyList<string> ids)
        {
            var batch = gathering ??= WriteAfter(writing);
            (isQueue ? queues ??= [] : agents ??= []).AddRange(ids);
            foreach (var id in ids)
            {
                pending[(isQueue, id)] = batch;
            }

            try
            {
                await batch;
            }
            finally
            {
                foreach (var id in ids)
                {
                    if (pending.TryGetValue((isQueue, id), out var write) && write == batch)
                    {
                        pending.Remove((isQueue, id));
                    }
                }
            }
        }

        private async Task WriteAfter(Task? previous)
        {
            if (previous is not null)
            {
                try
                {
                    await previous;
                }
                catch
                {
                    // The previous entry's callers see its failure; this one carries its own ids only.
                }
            }

            // Yield once, so this entry is in place before it is written and the ids of turns meanwhile join it.
            await Task.Yield();
            var entry = new DirectoryEntry(queues, agents);
            queues = agents = null;
            gathering = null;
            var current = journal.AppendAsync(entry);
            writing = current;
            await current;
        }
    }
}

/// <summary>
/// The directory's state: every queue and agent listed. A snapshot may hold ids whose append was still under way when
/// it was taken (the grain is reentrant); replaying that append over it adds nothing, since listing is a set union.
/// </summary>
[GenerateSerializer, Alias("cr.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public HashSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One journal entry of the directory: the ids one write added.</summary>
[GenerateSerializer, Alias("cr.DirectoryEntry")]
public sealed record DirectoryEntry([property: Id(0)] List<string>? Queues, [property: Id(1)] List<string>? Agents)
{
    public void ApplyTo(DirectoryState state)
    {
        state.Queues.UnionWith(Queues ?? []);
        state.Agents.UnionWith(Agents ?? []);
    }
}
