using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Hosting;
using Orleans.Concurrency;

namespace ControlRoom.Grains.Directory;

/// <summary>
/// The list of queues and agents seen (key 0), for lists and reloads; a new one's first snapshot reaches the screens
/// by the live publisher like any change. Additions come in batches (each silo's <see cref="DirectoryLister"/> keeps one
/// call in flight) and are written in batches: every id that arrives while a write is under way goes into the next
/// write, so 10,000 agents appearing at once cost a handful of writes rather than 10,000 writes of an ever larger list.
/// A caller returns once its ids are durable.
/// </summary>
[Reentrant]
public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.State)] IPersistentState<DirectoryState> state) : Grain, IDirectoryGrain
{
    private readonly GroupCommit commit = new();

    public Task AddQueues(IReadOnlyList<string> queueIds) => Add(state.State.Queues, queueIds);

    public Task AddAgents(IReadOnlyList<string> agentIds) => Add(state.State.Agents, agentIds);

    public Task<IReadOnlyList<string>> GetQueues() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Queues.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetAgents() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Agents.Order(StringComparer.Ordinal)]);

    private async Task Add(HashSet<string> set, IReadOnlyList<string> ids)
    {
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
                listed.Add(commit.Durable(id));
            }
        }

        if (added.Count > 0)
        {
            try
            {
                await commit.Include(added, state.WriteStateAsync);
            }
            catch
            {
                // Not durable: forget them, so the callers' retries add them again.
                set.ExceptWith(added);
                throw;
            }
        }

        await Task.WhenAll(listed);
    }

    /// <summary>
    /// Group commit on one activation's turns: ids join the batch being gathered; one write carries the batch while the
    /// next one gathers. A failed write fails every caller of its batch.
    /// </summary>
    private sealed class GroupCommit
    {
        private readonly Dictionary<string, Task> pending = new(StringComparer.Ordinal);
        private Task? writing;
        private Task? gathering;

        public Task Durable(string id) => pending.TryGetValue(id, out var write) ? write : Task.CompletedTask;

        public async Task Include(IReadOnlyList<string> ids, Func<Task> write)
        {
            var batch = gathering ??= WriteAfter(writing, write);
            foreach (var id in ids)
            {
                pending[id] = batch;
            }

            try
            {
                await batch;
            }
            finally
            {
                foreach (var id in ids)
                {
                    pending.Remove(id);
                }
            }
        }

        private async Task WriteAfter(Task? previous, Func<Task> write)
        {
            if (previous is not null)
            {
                try
                {
                    await previous;
                }
                catch
                {
                    // The previous batch's callers see its failure; this write carries the whole state anyway.
                }
            }

            // Yield once, so this batch is in place before it is written and the ids of turns meanwhile join it.
            await Task.Yield();
            gathering = null;
            var current = write();
            writing = current;
            await current;
        }
    }
}

[GenerateSerializer, Alias("cr.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public HashSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}
