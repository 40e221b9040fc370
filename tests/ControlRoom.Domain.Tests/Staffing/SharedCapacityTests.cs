using ControlRoom.Contracts.Queues;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Tests.Staffing;

public sealed class SharedCapacityTests
{
    [Fact]
    public void Shares_FollowTheQueuesLoads_AndAddUpToOne()
    {
        var shares = SharedCapacity.Shares(["billing", "sales"], new Dictionary<string, double> { ["billing"] = 6, ["sales"] = 2 });

        shares["billing"].Should().Be(0.75);
        shares["sales"].Should().Be(0.25);
    }

    [Fact]
    public void Shares_WithoutAnyLoad_AreEqual()
    {
        var shares = SharedCapacity.Shares(["billing", "sales", "chat"], new Dictionary<string, double>());

        shares.Values.Should().AllSatisfy(s => s.Should().BeApproximately(1.0 / 3, 1e-12));
    }

    [Fact]
    public void Effective_CountsEachMultiskillAgentOnce_AcrossItsQueues()
    {
        var loads = new Dictionary<string, double> { ["billing"] = 3, ["sales"] = 1 };

        var effective = SharedCapacity.Effective([["billing"], ["billing", "sales"], ["sales"]], loads);

        effective["billing"].Should().Be(1.75);
        effective["sales"].Should().Be(1.25);
        effective.Values.Sum().Should().Be(3, "three agents, however many queues they serve");
    }

    [Fact]
    public void Effective_IsTheSumOfEveryAgentsShares_WithRepeatedQueuesAndQueuesWithoutLoad()
    {
        var random = new Random(7);
        var queues = Enumerable.Range(0, 12).Select(i => $"q{i}").ToArray();
        var loads = queues.Where((_, i) => i % 3 != 0).ToDictionary(q => q, _ => random.NextDouble() * 5, StringComparer.Ordinal);
        loads["q4"] = 0;
        loads["q5"] = -1; // a load is never below zero; a share must not go negative if one were
        var agents = Enumerable.Range(0, 400)
            .Select(_ => (IReadOnlyCollection<string>)Enumerable.Range(0, random.Next(1, 5)).Select(_ => queues[random.Next(queues.Length)]).ToList())
            .ToList();

        var effective = SharedCapacity.Effective(agents, loads);

        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (queue, share) in agents.SelectMany(a => SharedCapacity.Shares(a, loads)))
        {
            expected[queue] = expected.GetValueOrDefault(queue) + share;
        }

        effective.Keys.Should().BeEquivalentTo(expected.Keys);
        effective.Should().AllSatisfy(e => e.Value.Should().BeApproximately(expected[e.Key], 1e-9, e.Key));
        effective.Values.Sum().Should().BeApproximately(agents.Count, 1e-9, "each agent counts once, a repeated queue included");
    }

    [Fact]
    public void Predict_AShareOfAnAgent_LiesBetweenTheWholeNumbers()
    {
        // The reference load: 100 contacts in 30 minutes, AHT 180 s, 20 s threshold.
        var staffing = LiveStaffing.Assess(Queue(100, 180, new AgentCounts(14, 2, 11, 1, 0)), offeredThisInterval: 0);

        var (thirteen, _) = LiveStaffing.Predict(staffing, 13.0);
        var (between, asa) = LiveStaffing.Predict(staffing, 13.5);
        var (fourteen, asaFourteen) = LiveStaffing.Predict(staffing, 14.0);

        fourteen.Should().Be(88.835);
        asaFourteen.Should().Be(7.836);
        between.Should().BeGreaterThan(thirteen!.Value).And.BeLessThan(fourteen!.Value);
        asa.Should().BeGreaterThan(asaFourteen!.Value);
    }

    [Fact]
    public void Shared_PutsGapAndPredictionsOnTheEffectiveAgents()
    {
        var staffing = LiveStaffing.Assess(Queue(100, 180, new AgentCounts(16, 2, 13, 1, 0)), offeredThisInterval: 0);

        var shared = LiveStaffing.Shared(staffing, 12.5);

        staffing.Gap.Should().Be(2, "sixteen logged in against fourteen needed");
        shared.AgentsStaffed.Should().Be(16);
        shared.EffectiveAgents.Should().Be(12.5);
        shared.Gap.Should().Be(-1.5, "their shares make twelve and a half agents");
        shared.PredictedServiceLevel.Should().BeLessThan(staffing.PredictedServiceLevel!.Value);
    }

    private static QueueSnapshot Queue(int rollingOffered, double? aht, AgentCounts agents) => LiveStaffingTests.Queue(rollingOffered, aht, agents);
}
