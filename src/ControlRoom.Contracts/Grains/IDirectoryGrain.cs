namespace ControlRoom.Contracts.Grains;

/// <summary>The queues and agents that exist (key 0), so lists and boards can find them.</summary>
[Alias("cr.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Lists the queues; returns once they are written.</summary>
    [Alias("AddQueues")]
    Task AddQueues(IReadOnlyList<string> queueIds);

    /// <summary>Lists the agents; returns once they are written.</summary>
    [Alias("AddAgents")]
    Task AddAgents(IReadOnlyList<string> agentIds);

    [Alias("GetQueues")]
    Task<IReadOnlyList<string>> GetQueues();

    [Alias("GetAgents")]
    Task<IReadOnlyList<string>> GetAgents();
}
