using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Observability.Tests;

/// <summary>
/// A small, settled picture of the watched queue: three agents (one away), a contact answered within the
/// threshold, one answered late, one abandoned and one still waiting; every figure of the gauges is non-trivial.
/// </summary>
public static class WatchedTraffic
{
    public static JsonObject[] Events(DateTimeOffset now)
    {
        var queue = ObservedHost.WatchedQueue;
        return
        [
            AgentState("obs-a1", "available", now.AddMinutes(-10), queue),
            AgentState("obs-a2", "away", now.AddMinutes(-10), queue),
            AgentState("obs-a3", "available", now.AddMinutes(-10), queue),
            Offered("obs-c1", queue, now.AddSeconds(-150)),
            Answered("obs-c1", "obs-a3", now.AddSeconds(-140)),
            Ended("obs-c1", now.AddSeconds(-100)),
            Offered("obs-c2", queue, now.AddSeconds(-120)),
            Answered("obs-c2", "obs-a1", now.AddSeconds(-80)),
            Offered("obs-c3", queue, now.AddSeconds(-110)),
            Abandoned("obs-c3", now.AddSeconds(-70)),
            Offered("obs-c4", queue, now.AddSeconds(-5)),
        ];
    }
}
