using ControlRoom.Contracts.Events;

namespace ControlRoom.Domain.Tests.Agents;

/// <summary>One agent's hand-computed hour of presence, and random days of it, shared by the occupancy and agents-by-state tests.</summary>
internal static class PresenceDay
{
    // 10:00 UTC is 11:00 in Rome: the whole example lies in one Rome day.
    public static readonly DateTimeOffset Nine = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = Nine.AddHours(1);

    /// <summary>
    /// Available 09:00–09:10 and 09:30–09:40, busy 09:10–09:25 and from 09:50 (still at 10:00), wrap-up 09:25–09:30,
    /// away 09:40–09:50.
    /// </summary>
    public static readonly (int Minute, AgentState State)[] Example =
    [
        (0, AgentState.Available), (10, AgentState.Busy), (25, AgentState.Wrapup),
        (30, AgentState.Available), (40, AgentState.Away), (50, AgentState.Busy),
    ];

    public static IEnumerable<ContactEvent> Events(string agentId, (int Minute, AgentState State)[] steps, params string[] queues) =>
        steps.Select((s, i) => Presence(agentId, $"{agentId}-{i}", Nine.AddMinutes(s.Minute), s.State, queues));

    /// <summary>Random states at random steps over nine hours before <see cref="Now"/>, zero-length steps included.</summary>
    public static List<ContactEvent> Random(int seed, string agentId, int count, string queue = "billing")
    {
        var random = new Random(seed);
        var states = new[] { AgentState.Available, AgentState.Busy, AgentState.Wrapup, AgentState.Away, AgentState.Offline };
        var at = Now.AddHours(-9);
        var events = new List<ContactEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(Presence(agentId, $"r{i}", at, states[random.Next(states.Length)], queue));
            at = at.AddSeconds(random.Next(0, 600)); // zero-length steps too: same instant, ordered by event id
        }

        return events;
    }

    /// <summary>The events again, shuffled, with about one in ten sent twice.</summary>
    public static List<ContactEvent> Messy(IReadOnlyList<ContactEvent> clean, int seed)
    {
        var random = new Random(seed);
        return [.. clean.Concat(clean.Where(_ => random.NextDouble() < 0.1)).OrderBy(_ => random.Next())];
    }

    public static ContactEvent Presence(string agentId, string eventId, DateTimeOffset at, AgentState state, params string[] queues) =>
        new(eventId, EventType.AgentStateChanged, at) { AgentId = agentId, State = state, QueueIds = queues };
}
