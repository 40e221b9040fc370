namespace ControlRoom.Cli.QueueLog;

/// <summary>What queue_log has said about one agent so far: the queues joined as a dynamic member, paused or not, logged off or not.</summary>
public sealed class AgentSeat
{
    /// <summary>Queues the agent joined (ADDMEMBER) and has not left (REMOVEMEMBER), sorted.</summary>
    public List<string> Queues { get; set; } = [];

    public bool Paused { get; set; }

    /// <summary>Logged off (AGENTLOGOFF), or left the last queue joined as a dynamic member.</summary>
    public bool Offline { get; set; }
}

/// <summary>
/// The agents' presence as queue_log lines build it. Asterisk logs presence per queue member (paused in one queue,
/// added to another) and the contract has one state per agent, so each presence line is judged against what came
/// before it: leaving one queue of two keeps the agent available, leaving the last one takes them offline. The
/// roster is part of the connector's state file, saved with the line it is true after, so a restart continues from
/// the same roster.
/// </summary>
public sealed class AgentRoster(Dictionary<string, AgentSeat>? saved = null)
{
    private readonly Dictionary<string, AgentSeat> seats = saved is null
        ? new(StringComparer.Ordinal)
        : new(saved, StringComparer.Ordinal);

    public AgentSeat Seat(string agentId)
    {
        if (!seats.TryGetValue(agentId, out var seat))
        {
            seat = new AgentSeat();
            seats[agentId] = seat;
        }

        return seat;
    }

    /// <summary>A deep copy for the state file, so later lines do not change what was saved.</summary>
    public Dictionary<string, AgentSeat> Snapshot() => seats.ToDictionary(
        s => s.Key,
        s => new AgentSeat { Queues = [.. s.Value.Queues], Paused = s.Value.Paused, Offline = s.Value.Offline },
        StringComparer.Ordinal);
}
