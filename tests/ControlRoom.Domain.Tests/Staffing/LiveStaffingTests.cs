using ControlRoom.Contracts.Queues;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Tests.Staffing;

public sealed class LiveStaffingTests
{
    private static readonly DateTimeOffset FiveMinutesIntoInterval = new(2026, 3, 2, 10, 5, 0, TimeSpan.Zero);

    /// <summary>A billing queue five minutes into an interval, 80 % in 20 s; shared with the other staffing tests.</summary>
    internal static QueueSnapshot Queue(int rollingOffered, double? aht, AgentCounts agents, int waiting = 0) =>
        new("billing", FiveMinutesIntoInterval, Severity.Ok, waiting, 0, agents, new KpiFigures { Aht = aht },
            new KpiFigures { Offered = rollingOffered, Aht = aht }, [])
        {
            ServiceLevelTarget = 80,
            ServiceLevelThresholdSeconds = 20,
        };

    [Fact]
    public void Assess_ReferenceLoadOverTheHalfHour_NeedsFourteen_AndShowsTheGap()
    {
        var staffing = LiveStaffing.Assess(Queue(100, 180, new AgentCounts(12, 2, 9, 1, 0)), offeredThisInterval: 0);

        staffing.Rolling30m.AgentsNeeded.Should().Be(14);
        staffing.Rolling30m.ArrivalsPerHour.Should().Be(200);
        staffing.AgentsNeeded.Should().Be(14);
        staffing.AgentsStaffed.Should().Be(12);
        staffing.Gap.Should().Be(-2);
        staffing.PredictedServiceLevel.Should().BeApproximately(ErlangC.Evaluate(new TrafficLoad(100, 1800, 180, 20), 12).ServiceLevel * 100, 0.001);
    }

    [Fact]
    public void Assess_SurgeInTheCurrentInterval_DrivesTheNeed()
    {
        // 50 contacts in the first five minutes is 600 an hour against the half hour's 200.
        var staffing = LiveStaffing.Assess(Queue(100, 180, new AgentCounts(14, 0, 14, 0, 0)), offeredThisInterval: 50);

        staffing.CurrentInterval.ArrivalsPerHour.Should().Be(600);
        staffing.AgentsNeeded.Should().Be(staffing.CurrentInterval.AgentsNeeded);
        staffing.AgentsNeeded.Should().BeGreaterThan(30);
        staffing.Gap.Should().BeNegative();
    }

    [Fact]
    public void Assess_WithoutAnyHandleTime_LeavesTheNeedUnknown()
    {
        var staffing = LiveStaffing.Assess(Queue(3, null, new AgentCounts(2, 2, 0, 0, 0)), offeredThisInterval: 3);

        staffing.AgentsNeeded.Should().BeNull();
        staffing.Gap.Should().BeNull();
        staffing.PredictedServiceLevel.Should().BeNull();
    }

    [Fact]
    public void ExpectedWait_AllBusy_IsPositionTimesAhtOverServingAgents()
    {
        var estimate = Wait(Queue(10, 200, new AgentCounts(6, 0, 4, 1, 1), waiting: 3));

        estimate.Position.Should().Be(4);
        estimate.Agents.Should().Be(5); // the away agent takes no contact
        estimate.ExpectedWaitSeconds.Should().Be(160);
    }

    [Fact]
    public void ExpectedWait_AgentFreeAndNobodyAhead_IsZero()
    {
        Wait(Queue(10, 200, new AgentCounts(3, 1, 2, 0, 0))).ExpectedWaitSeconds.Should().Be(0);
    }

    [Fact]
    public void ExpectedWait_NoServingAgent_IsUnknown()
    {
        Wait(Queue(10, 200, new AgentCounts(1, 0, 0, 0, 1), waiting: 2)).ExpectedWaitSeconds.Should().BeNull();
    }

    private static WaitEstimate Wait(QueueSnapshot queue) => ExpectedWait.Estimate(queue, LiveStaffing.Assess(queue, 0));

    [Fact]
    public void Assignments_MoveKeepsOtherQueuesAndOrdersByPriority()
    {
        var current = new[] { new QueueAssignment("sales", 1), new QueueAssignment("billing", 2) };

        var after = QueueAssignments.Apply(current, [new QueueAssignment("support", 1), new QueueAssignment("billing", 3)], ["sales"]);

        after.Should().Equal(new QueueAssignment("support", 1), new QueueAssignment("billing", 3));
    }
}
