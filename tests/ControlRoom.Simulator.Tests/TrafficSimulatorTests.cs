using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator.Tests;

public sealed class TrafficSimulatorTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Night = new(2026, 11, 23, 3, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Advance_SameSeedAndSteps_GivesIdenticalEvents()
    {
        var first = Run(new SimulatorOptions { Seed = 7 }, Morning, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
        var second = Run(new SimulatorOptions { Seed = 7 }, Morning, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));

        first.Should().HaveCountGreaterThan(100);
        second.Should().Equal(first);
    }

    [Fact]
    public void Advance_EventsDoNotDependOnStepSize()
    {
        var fine = Run(new SimulatorOptions { Seed = 7 }, Morning, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(20));
        var coarse = Run(new SimulatorOptions { Seed = 7 }, Morning, TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(20));

        coarse.Should().Equal(fine);
    }

    [Fact]
    public void Advance_DifferentSeeds_GiveDifferentTraffic()
    {
        var a = Run(new SimulatorOptions { Seed = 1 }, Morning, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));
        var b = Run(new SimulatorOptions { Seed = 2 }, Morning, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

        b.Should().NotEqual(a);
    }

    [Fact]
    public void Advance_AtStart_LogsInAgentsForTheHourWithoutAnythingDatedBefore()
    {
        var simulator = new TrafficSimulator(new SimulatorOptions(), Morning);

        var events = simulator.Advance(Morning);

        events.Should().OnlyContain(e => e.OccurredAt == Morning);
        var present = LatestStates(events).Count(s => s.Value is not AgentState.Offline);
        present.Should().BeGreaterThanOrEqualTo(50, "10:00 is the morning peak");
        events.Should().Contain(e => e.Type == EventType.InteractionOffered && e.Channel == Channel.Email,
            "the e-mail backlog is there from the first second");
    }

    [Fact]
    public void Advance_AtNight_KeepsEveryQueueStaffedAndTrafficFlowing()
    {
        var simulator = new TrafficSimulator(new SimulatorOptions(), Night);

        var atStart = simulator.Advance(Night);
        var firstMinutes = simulator.Advance(Night.AddMinutes(3));

        var states = LatestStates(atStart);
        var staffed = atStart.Where(e => e.Type == EventType.AgentStateChanged && states[e.AgentId!] is not (AgentState.Offline or AgentState.Away))
            .SelectMany(e => e.QueueIds!).ToHashSet();
        staffed.Should().BeEquivalentTo(QueueCatalog.Queues.Select(q => q.QueueId));
        states.Values.Count(s => s is not AgentState.Offline).Should().BeInRange(15, 30);
        firstMinutes.Count(e => e.Type == EventType.InteractionOffered).Should().BeGreaterThan(0);
    }

    [Fact]
    public void Roster_HasMultiskillAgentsCoveringEveryQueue()
    {
        var simulator = new TrafficSimulator(new SimulatorOptions(), Morning);

        var skills = simulator.Advance(Morning).Where(e => e.Type == EventType.AgentStateChanged)
            .GroupBy(e => e.AgentId!).ToDictionary(g => g.Key, g => g.First().QueueIds!);

        skills.Should().HaveCount(60);
        skills.Values.Count(q => q.Count > 1).Should().BeGreaterThanOrEqualTo(20);
        skills.Values.SelectMany(q => q).Distinct().Should().BeEquivalentTo(QueueCatalog.Queues.Select(q => q.QueueId));
    }

    [Fact]
    public void Advance_WithHigherIntensity_OffersMoreContacts()
    {
        var normal = Run(new SimulatorOptions { Seed = 3 }, Morning, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        var doubled = Run(new SimulatorOptions { Seed = 3, Intensity = 2 }, Morning, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        Offered(doubled).Should().BeGreaterThan((int)(Offered(normal) * 1.5));
    }

    [Fact]
    public void Advance_WithAHigherNightFloor_OffersMoreAtNight()
    {
        var low = Run(new SimulatorOptions { Seed = 5, NightFloor = 0.1 }, Night, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        var high = Run(new SimulatorOptions { Seed = 5, NightFloor = 0.6 }, Night, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        Offered(high).Should().BeGreaterThan(Offered(low) * 3);
    }

    [Fact]
    public void Advance_WithZeroIntensity_StaffsTheCentreWithoutContacts()
    {
        var events = Run(new SimulatorOptions { Intensity = 0 }, Morning, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        Offered(events).Should().Be(0);
        events.Should().Contain(l => l.Contains("\"agent.state_changed\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, 0.3, 2, "Europe/Rome")]
    [InlineData(1, 1.5, 2, "Europe/Rome")]
    [InlineData(1, 0.3, 0, "Europe/Rome")]
    [InlineData(1, 0.3, 2, "Mars/Olympus")]
    public void Constructor_RejectsOptionsOutOfRange(double intensity, double nightFloor, int maxChats, string zone)
    {
        var options = new SimulatorOptions { Intensity = intensity, NightFloor = nightFloor, MaxConcurrentChats = maxChats, TimeZone = zone };

        var create = () => new TrafficSimulator(options, Morning);

        options.Problems().Should().ContainSingle();
        create.Should().Throw<ArgumentException>();
    }

    private static List<string> Run(SimulatorOptions options, DateTimeOffset start, TimeSpan step, TimeSpan length)
    {
        var simulator = new TrafficSimulator(options, start);
        var lines = new List<string>();
        for (var now = start; now <= start + length; now += step)
        {
            lines.AddRange(simulator.Advance(now).Select(WireFormat.Describe));
        }

        lines.AddRange(simulator.Advance(start + length).Select(WireFormat.Describe));
        return lines;
    }

    private static int Offered(List<string> lines) => lines.Count(l => l.Contains("\"interaction.offered\"", StringComparison.Ordinal));

    private static Dictionary<string, AgentState> LatestStates(IEnumerable<ContactEvent> events) =>
        events.Where(e => e.Type == EventType.AgentStateChanged)
            .GroupBy(e => e.AgentId!).ToDictionary(g => g.Key, g => g.Last().State!.Value);
}
