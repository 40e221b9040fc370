namespace ControlRoom.Contracts.Grains;

/// <summary>The queues and agents that exist (key 0), so lists and boards can find them.</summary>
[Alias("cr.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("AddQueue")]
    Task AddQueue(string queueId);

    [Alias("AddAgent")]
    Task AddAgent(string agentId);

    [Alias("GetQueues")]
    Task<IReadOnlyList<string>> GetQueues();

    [Alias("GetAgents")]
    Task<IReadOnlyList<string>> GetAgents();
}
