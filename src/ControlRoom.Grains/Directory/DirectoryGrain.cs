using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace ControlRoom.Grains.Directory;

/// <summary>
/// The list of queues and agents seen (key 0); tells observers when some appear. Additions are written in batches:
/// every id that arrives while a write is under way goes into the next write, so 10,000 agents appearing at once
/// cost a handful of writes rather than 10,000 writes of an ever larger list, and each write is announced in one call
/// per observer. A caller returns once its id is durable and announced.
/// </summary>
[Reentrant]
public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.State)] IPersistentState<DirectoryState> state,
    ILogger<DirectoryGrain> logger) : Grain, IDirectoryGrain
{
    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private GroupCommit? commit;

    /// <summary>Made on first use: it announces through this grain's observers.</summary>
    private GroupCommit Commit => commit ??= new GroupCommit(state.WriteStateAsync, Announce);

    public Task AddQueue(string queueId) => Add(state.State.Queues, queueId, queue: true);

    public Task AddAgent(string agentId) => Add(state.State.Agents, agentId, queue: false);

    public Task<IReadOnlyList<string>> GetQueues() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Queues.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetAgents() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Agents.Order(StringComparer.Ordinal)]);

    public Task Subscribe(ILiveObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task Add(HashSet<string> set, string id, bool queue)
    {
        if (set.Contains(id))
        {
            // Listed, but perhaps not written yet: answer once the write that carries it is done.
            await Commit.Durable(id);
            return;
        }

        set.Add(id);
        try
        {
            await Commit.Include(id, queue);
        }
        catch
        {
            // Not durable: forget it, so the caller's retry adds it again.
            set.Remove(id);
            throw;
        }
    }

    private async Task Announce(Batch batch)
    {
        if (batch.Queues.Count > 0)
        {
            await observers.Notify(o => o.QueuesAdded(batch.Queues));
        }

        if (batch.Agents.Count > 0)
        {
            await observers.Notify(o => o.AgentsAdded(batch.Agents));
        }
    }

    /// <summary>The ids one write carries, and its outcome (written, then announced).</summary>
    private sealed class Batch
    {
        public List<string> Queues { get; } = [];

        public List<string> Agents { get; } = [];

        public Task Done { get; set; } = Task.CompletedTask;
    }

    /// <summary>
    /// Group commit on one activation's turns: ids join the batch being gathered; one write carries the batch while the
    /// next one gathers. A failed write fails every caller of its batch and announces nothing.
    /// </summary>
    private sealed class GroupCommit(Func<Task> write, Func<Batch, Task> announce)
    {
        private readonly Dictionary<string, Task> pending = new(StringComparer.Ordinal);
        private Task? writing;
        private Batch? gathering;

        public Task Durable(string id) => pending.TryGetValue(id, out var done) ? done : Task.CompletedTask;

        public async Task Include(string id, bool queue)
        {
            var batch = gathering ??= Start();
            (queue ? batch.Queues : batch.Agents).Add(id);
            pending[id] = batch.Done;
            try
            {
                await batch.Done;
            }
            finally
            {
                pending.Remove(id);
            }
        }

        private Batch Start()
        {
            var batch = new Batch();
            batch.Done = WriteAfter(writing, batch);
            return batch;
        }

        private async Task WriteAfter(Task? previous, Batch batch)
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
            await announce(batch);
        }
    }
}

[GenerateSerializer, Alias("cr.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public HashSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}
