using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Batching;

namespace ControlRoom.Grains.Directory;

/// <summary>
/// How queues and agents list themselves in the directory, one per silo, with one call in flight per list: a shift's
/// 10,000 agents appearing at once cost a few directory calls instead of 10,000. A caller's task completes once the
/// directory has written its id.
/// </summary>
public sealed class DirectoryLister(IGrainFactory grains)
{
    private const string Queues = "queues";
    private const string Agents = "agents";

    private readonly CoalescingCaller<string> caller = new((list, ids) => list == Queues
        ? grains.GetGrain<IDirectoryGrain>(0).AddQueues(ids)
        : grains.GetGrain<IDirectoryGrain>(0).AddAgents(ids));

    public Task ListQueue(string queueId) => caller.Send(Queues, queueId);

    public Task ListAgent(string agentId) => caller.Send(Agents, agentId);
}
