namespace ControlRoom.Contracts.Agents;

/// <summary>What a queue is told of one agent serving it: the agent's presence, or null when it no longer serves the queue.</summary>
[GenerateSerializer, Immutable, Alias("cr.AgentMembership")]
public sealed record AgentMembership(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentPresence? Presence);
