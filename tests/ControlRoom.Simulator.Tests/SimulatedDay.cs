using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Simulator.Tests;

/// <summary>
/// One simulated working day, 08:00–16:00 in Rome on a Monday, advanced in 5-second steps and replayed through
/// the domain as it happens. Shared by the tests that look at a whole day, since it is the expensive part.
/// </summary>
public sealed class SimulatedDay
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(1));
    public static readonly TimeSpan Length = TimeSpan.FromHours(8);
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    public SimulatedDay()
    {
        var simulator = new TrafficSimulator(new SimulatorOptions { Seed = 42 }, Start);
        var replay = new DomainReplay();
        var previous = Start - Step;
        for (var now = Start; now <= Start + Length; now += Step)
        {
            var events = simulator.Advance(now);
            Steps.Add((previous, now, events));
            Events.AddRange(events);
            replay.Apply(events, now);
            replay.Evaluate(now);
            previous = now;
        }

        End = previous;
        Deviations = replay.Deviations;
        Snapshots = replay.Queues.Keys.ToDictionary(q => q, q => replay.Snapshot(q, End), StringComparer.Ordinal);
    }

    public List<ContactEvent> Events { get; } = [];

    public List<(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ContactEvent> Events)> Steps { get; } = [];

    public IReadOnlyList<Deviation> Deviations { get; }

    public IReadOnlyDictionary<string, QueueSnapshot> Snapshots { get; }

    public DateTimeOffset End { get; }
}
