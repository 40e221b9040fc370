using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Tests.Staffing;

/// <summary>The published reference case: 100 contacts per 30 minutes, AHT 180 s, threshold 20 s, target 80 %.</summary>
public sealed class ErlangTests
{
    private static readonly TrafficLoad Reference = new(100, 1800, 180, 20);

    [Fact]
    public void ErlangC_ReferenceCase_NeedsFourteenAgents()
    {
        var result = ErlangC.Required(Reference, 0.80);

        result.Agents.Should().Be(14);
        result.ServiceLevel.Should().BeApproximately(0.88835, 0.000005);
        result.Asa.Should().BeApproximately(7.836, 0.0005);
        result.ProbabilityOfWaiting.Should().BeApproximately(0.17413, 0.000005);
        result.Occupancy.Should().BeApproximately(10.0 / 14, 1e-12);
    }

    [Fact]
    public void ErlangC_ThirteenAgents_MissTheTarget()
    {
        ErlangC.Evaluate(Reference, 13).ServiceLevel.Should().BeLessThan(0.80);
    }

    [Fact]
    public void ErlangA_ReferenceCase_AtFourteenAgentsWithFiveMinutePatience()
    {
        var result = ErlangA.Evaluate(Reference, 14, 300);

        result.ProbabilityOfWaiting.Should().BeApproximately(0.14526, 0.000005);
        result.ProbabilityOfAbandon.Should().BeApproximately(0.013984, 0.0000005);
    }

    [Theory]
    [InlineData(14, 300, 0.14526, 0.013984, 0.91679)]
    [InlineData(12, 120, 0.27981, 0.061597, 0.82558)]
    public void ErlangA_MatchesAnIndependentSolutionOfTheChain(int agents, double patience, double wait, double abandon, double serviceLevel)
    {
        // Expected values from a separate script: P(abandon) as θ·E[queue]/λ (Little), the service level by
        // integrating the tagged contact's chain step by step rather than by uniformisation.
        var result = ErlangA.Evaluate(Reference, agents, patience);

        result.ProbabilityOfWaiting.Should().BeApproximately(wait, 0.000005);
        result.ProbabilityOfAbandon.Should().BeApproximately(abandon, 0.0000005);
        result.ServiceLevel.Should().BeApproximately(serviceLevel, 0.00005);
    }

    [Fact]
    public void ErlangA_VeryPatientCallers_ApproachErlangC()
    {
        var patient = ErlangA.Evaluate(Reference, 14, 1e9);
        var erlangC = ErlangC.Evaluate(Reference, 14);

        patient.ProbabilityOfWaiting.Should().BeApproximately(erlangC.ProbabilityOfWaiting, 1e-5);
        patient.ServiceLevel.Should().BeApproximately(erlangC.ServiceLevel, 1e-5);
        patient.Asa.Should().BeApproximately(erlangC.Asa!.Value, 1e-3);
    }

    [Fact]
    public void ErlangA_ServiceLevel_RisesWithAgents()
    {
        var levels = Enumerable.Range(8, 10).Select(n => ErlangA.Evaluate(Reference, n, 300).ServiceLevel).ToList();

        levels.Should().BeInAscendingOrder();
    }

    [Fact]
    public void ErlangA_Required_IsTheFewestAgentsReachingTheTarget()
    {
        var result = ErlangA.Required(Reference, 0.80, 300);

        result.ServiceLevel.Should().BeGreaterThanOrEqualTo(0.80);
        ErlangA.Evaluate(Reference, result.Agents - 1, 300).ServiceLevel.Should().BeLessThan(0.80);
    }

    [Fact]
    public void ErlangC_StaysFiniteAtThousandsOfAgents()
    {
        var load = new TrafficLoad(30_000, 1800, 180, 20); // 3,000 Erlangs

        var result = ErlangC.Required(load, 0.80);

        result.Agents.Should().BeInRange(3001, 3100);
        double.IsFinite(result.ServiceLevel).Should().BeTrue();
        result.ProbabilityOfWaiting.Should().BeInRange(0, 1);
        result.Asa.Should().NotBeNull().And.BeLessThan(20);
    }

    [Fact]
    public void ErlangC_SmallLoadOnManyAgents_DoesNotUnderflowIntoNonsense()
    {
        var result = ErlangC.Evaluate(new TrafficLoad(10, 1800, 180, 20), 1500);

        result.ProbabilityOfWaiting.Should().Be(0);
        result.ServiceLevel.Should().Be(1);
    }

    [Fact]
    public void ErlangA_StaysFiniteAtAThousandAgentsUnderOverload()
    {
        var load = new TrafficLoad(20_000, 1800, 180, 20); // 2,000 Erlangs on 1,000 agents

        var result = ErlangA.Evaluate(load, 1000, 300);

        result.ProbabilityOfWaiting.Should().BeApproximately(1, 1e-6);
        result.ProbabilityOfAbandon.Should().BeInRange(0.4, 0.6); // about half must leave: only 1,000 of 2,000 Erlangs are served
        result.Occupancy.Should().BeApproximately(1, 0.01);
        double.IsFinite(result.ServiceLevel).Should().BeTrue();
    }

    [Fact]
    public void ErlangA_ThousandAgents_AtModerateLoad()
    {
        var load = new TrafficLoad(9_800, 1800, 180, 20); // 980 Erlangs

        var result = ErlangA.Evaluate(load, 1000, 300);

        result.ProbabilityOfWaiting.Should().BeInRange(0.01, 0.99);
        result.ServiceLevel.Should().BeInRange(0.01, 1);
        result.Asa.Should().BePositive();
    }

    [Fact]
    public void ZeroArrivals_NeedNoAgentsAndNobodyWaits()
    {
        var idle = new TrafficLoad(0, 1800, 180, 20);

        var erlangC = ErlangC.Required(idle, 0.80);
        var erlangA = ErlangA.Required(idle, 0.80, 300);

        erlangC.Agents.Should().Be(0);
        erlangC.ServiceLevel.Should().Be(1);
        erlangC.Asa.Should().Be(0);
        erlangA.Agents.Should().Be(0);
        erlangA.ProbabilityOfAbandon.Should().Be(0);
    }

    [Fact]
    public void ErlangC_LoadAtOrAboveAgents_IsUnstable()
    {
        var result = ErlangC.Evaluate(Reference, 10); // 10 Erlangs on 10 agents

        result.IsStable.Should().BeFalse();
        result.Asa.Should().BeNull();
        result.ServiceLevel.Should().Be(0);
        result.ProbabilityOfWaiting.Should().Be(1);
    }

    [Fact]
    public void ErlangA_NoAgents_EveryoneWaitsAndLeaves()
    {
        var result = ErlangA.Evaluate(Reference, 0, 300);

        result.ProbabilityOfWaiting.Should().Be(1);
        result.ProbabilityOfAbandon.Should().Be(1);
        result.ServiceLevel.Should().Be(0);
    }

    [Fact]
    public void ErlangB_MatchesTheRecursionForASmallCase()
    {
        // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
        ErlangB.Blocking(2, 1).Should().BeApproximately(0.2, 1e-12);
    }
}
