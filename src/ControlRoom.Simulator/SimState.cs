using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator;

/// <summary>A queue while the simulation runs: its profile, the contacts waiting and any surge under way.</summary>
internal sealed class SimQueue(SimQueueProfile profile)
{
    public SimQueueProfile Profile { get; } = profile;
    public string Id => Profile.QueueId;
    public bool IsChat => Profile.Channel == Channel.Chat;
    public bool IsAsync => Profile.Channel is Channel.Email or Channel.Social or Channel.Messaging;

    /// <summary>Contacts not yet given to an agent, oldest first.</summary>
    public List<SimContact> Waiting { get; } = [];

    public DateTimeOffset SurgeUntil { get; set; }
}

internal enum ContactPhase
{
    Waiting,
    Ringing,
    Talking,
    Wrapping,
    Done,
}

/// <summary>One customer contact; <see cref="Version"/> moves on each step so stale scheduled steps are ignored.</summary>
internal sealed class SimContact(string interactionId, string customerId, SimQueue queue, DateTimeOffset offeredAt)
{
    public string InteractionId { get; } = interactionId;
    public string CustomerId { get; } = customerId;
    public SimQueue Queue { get; set; } = queue;
    public DateTimeOffset OfferedAt { get; set; } = offeredAt;
    public ContactPhase Phase { get; set; } = ContactPhase.Waiting;
    public SimAgent? Agent { get; set; }
    public int Version { get; set; }
    public double WaitedSeconds { get; set; }
    public bool Transferred { get; set; }
}

/// <summary>One agent: skills, presence, and the contacts they hold (ringing, talking or in after-contact work).</summary>
internal sealed class SimAgent(string agentId, int rank, IReadOnlyList<string> skills)
{
    public string AgentId { get; } = agentId;
    public int Rank { get; } = rank;
    public IReadOnlyList<string> Skills { get; } = skills;

    /// <summary>Sent with every presence event: the team (contract extension <c>attributes.team</c>).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { [ContactEvent.TeamAttribute] = QueueCatalog.TeamOf(rank, skills) };
    public AgentState State { get; set; } = AgentState.Offline;
    public string? Reason { get; set; }
    public List<SimContact> Load { get; } = [];

    /// <summary>When the agent last became free of every contact: the longest idle gets the next one.</summary>
    public DateTimeOffset IdleSince { get; set; }
    public DateTimeOffset LoginAt { get; set; }
    public DateTimeOffset OfflineSince { get; set; }
    public bool LogoutPending { get; set; }
    public bool BreakDue { get; set; }
    public DateTime? LunchDate { get; set; }
    public int BreakVersion { get; set; }

    public bool IsPresent => State is not AgentState.Offline and not AgentState.Away;
    public bool Accepting => IsPresent && !LogoutPending && !BreakDue;
    public bool Serves(string queueId) => Skills.Contains(queueId, StringComparer.Ordinal);

    public bool HasLiveSkill(IReadOnlyDictionary<string, SimQueue> queues) => Skills.Any(q => !queues[q].IsAsync);

    /// <summary>Whether the agent can take a contact of this queue now: one voice or e-mail, or a few chats.</summary>
    public bool CanTake(SimQueue queue, int maxChats) => Accepting && Serves(queue.Id)
        && (Load.Count == 0 || (queue.IsChat && Load.Count < maxChats && Load.TrueForAll(c => c.Queue.IsChat && c.Phase != ContactPhase.Wrapping)));
}
