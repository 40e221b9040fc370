using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace ControlRoom.Grains.Directory;

/// <summary>The list of queues and agents seen (key 0); tells observers when a queue appears.</summary>
public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.State)] IPersistentState<DirectoryState> state,
    ILogger<DirectoryGrain> logger) : Grain, IDirectoryGrain
{
    private readonly ObserverManager<ILiveObserver> observers = new(TimeSpan.FromMinutes(5), logger);

    public async Task AddQueue(string queueId)
    {
        if (state.State.Queues.Add(queueId))
        {
            await state.WriteStateAsync();
            await observers.Notify(o => o.QueueAdded(queueId));
        }
    }

    public async Task AddAgent(string agentId)
    {
        if (state.State.Agents.Add(agentId))
        {
            await state.WriteStateAsync();
            await observers.Notify(o => o.AgentAdded(agentId));
        }
    }

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
}

[GenerateSerializer, Alias("cr.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public HashSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}
