using ControlRoom.Contracts.Events;

namespace ControlRoom.Grains.Tests;

internal static class Events
{
    public static ContactEvent Offered(string id, string queue, DateTimeOffset at, Channel channel = Channel.Voice) =>
        new($"{id}-offered", EventType.InteractionOffered, at) { InteractionId = id, QueueId = queue, Channel = channel };

    public static ContactEvent Answered(string id, string agent, DateTimeOffset at) =>
        new($"{id}-answered", EventType.InteractionAnswered, at) { InteractionId = id, AgentId = agent };

    public static ContactEvent Transferred(string id, string from, string to, DateTimeOffset at) =>
        new($"{id}-transferred", EventType.InteractionTransferred, at) { InteractionId = id, QueueId = from, ToQueueId = to };

    public static ContactEvent Ended(string id, DateTimeOffset at) =>
        new($"{id}-ended", EventType.InteractionEnded, at) { InteractionId = id };

    public static ContactEvent AgentState(string agent, AgentState state, DateTimeOffset at, params string[] queues) =>
        new($"{agent}-{state}-{at.ToUnixTimeMilliseconds()}", EventType.AgentStateChanged, at) { AgentId = agent, State = state, QueueIds = queues };
}
