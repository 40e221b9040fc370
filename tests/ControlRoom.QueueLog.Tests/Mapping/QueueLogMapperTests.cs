using ControlRoom.Cli.QueueLog;

namespace ControlRoom.QueueLog.Tests.Mapping;

/// <summary>
/// Every queue_log event the connector maps, on lines shaped as apps/app_queue.c and main/logger.c write them
/// (<c>epoch|callid|queue|agent|EVENT|data…</c>), including the shapes of older Asterisk versions.
/// </summary>
public class QueueLogMapperTests
{
    private const string Call = "1732262398.42";

    [Theory]
    [InlineData("1732262400|1732262398.42|400|NONE|ENTERQUEUE||3331234567|1")] // 1.8 and later: url|callerid|position
    [InlineData("1732262400|1732262398.42|400|NONE|ENTERQUEUE||3331234567")] // 1.4: url|callerid
    [InlineData("1732262400|1732262398.42|400|NONE|ENTERQUEUE||3331234567|1|Mario Rossi")] // recent versions: the caller's name too
    public void EnterQueue_IsOfferedOnVoice_WithTheCallerIdAsCustomer(string line)
    {
        var e = Mapped.Event(line);

        e.Type.Should().Be("interaction.offered");
        e.OccurredAt.Should().Be("2024-11-22T08:00:00Z");
        e.InteractionId.Should().Be($"{Call}@400");
        e.QueueId.Should().Be("400");
        e.Channel.Should().Be("voice");
        e.CustomerId.Should().Be("3331234567");
    }

    [Fact]
    public void EnterQueue_WithoutCallerId_HasNoCustomer()
    {
        Mapped.Event("1732262400|1732262398.42|400|NONE|ENTERQUEUE|||1").CustomerId.Should().BeNull();
    }

    [Theory]
    [InlineData("1732262415|1732262398.42|400|PJSIP/201|CONNECT|15|1732262410.45|5", "201")] // holdtime|bridged uniqueid|ringtime
    [InlineData("1732262415|1732262398.42|400|Local/201@from-queue/n|CONNECT|15|1732262410.45|5", "201")]
    [InlineData("1732262415|1732262398.42|400|SIP/201|CONNECT|15|1732262410.45", "201")] // 1.4: no ring time
    [InlineData("1732262415|1732262398.42|400|Mario Rossi|CONNECT|15|1732262410.45|5", "Mario_Rossi")] // a member name
    public void Connect_IsAnsweredByTheAgent(string line, string agent)
    {
        var e = Mapped.Event(line);

        e.Type.Should().Be("interaction.answered");
        e.InteractionId.Should().Be($"{Call}@400");
        e.QueueId.Should().Be("400", "an answer naming its queue still counts when its ENTERQUEUE was never read");
        e.AgentId.Should().Be(agent);
    }

    [Theory]
    [InlineData("1732262410|1732262398.42|400|PJSIP/202|RINGNOANSWER|15000", 15.0)]
    [InlineData("1732262410|1732262398.42|400|PJSIP/202|RINGNOANSWER|12345", 12.345)]
    [InlineData("1732262410|1732262398.42|400|PJSIP/202|RINGNOANSWER|0", 0.0)] // a busy or unreachable device
    public void RingNoAnswer_IsRingNoAnswer_WithTheRingTimeInSeconds(string line, double seconds)
    {
        var e = Mapped.Event(line);

        e.Type.Should().Be("interaction.ring_no_answer");
        e.InteractionId.Should().Be($"{Call}@400");
        e.AgentId.Should().Be("202");
        e.RingSeconds.Should().Be(seconds);
    }

    [Fact]
    public void RingNoAnswer_WithARingTimeBeyondTheContractsBound_GoesWithoutIt()
    {
        Mapped.Event("1732262410|1732262398.42|400|PJSIP/202|RINGNOANSWER|99999999").RingSeconds.Should().BeNull();
    }

    [Theory]
    [InlineData("1732262433|1732262398.42|400|NONE|ABANDON|1|1|33", "ABANDON")] // position|origposition|waittime
    [InlineData("1732262433|1732262398.42|400|PJSIP/201|ABANDON|1|1|33", "ABANDON")] // hung up as the agent picked up
    [InlineData("1732262698|1732262398.42|400|NONE|EXITWITHTIMEOUT|2|1|300", "EXITWITHTIMEOUT")]
    [InlineData("1732262410|1732262398.42|400|NONE|EXITWITHKEY|5|1|1|12", "EXITWITHKEY 5")] // key|position|origposition|waittime
    [InlineData("1732262410|1732262398.42|400|NONE|EXITWITHKEY|5|1", "EXITWITHKEY 5")] // 1.4: key|position
    [InlineData("1732262400|1732262398.42|400|NONE|EXITEMPTY|1|1|0", "EXITEMPTY")]
    [InlineData("1732262420|1732262398.42|400|NONE|WITHDRAW|1|1|22|callback", "WITHDRAW")]
    [InlineData("1732262420|1732262398.42|400|PJSIP/201|SYSCOMPAT|", "SYSCOMPAT")]
    public void EveryWayOutWithoutAnAgent_IsAbandoned_WithTheReasonKept(string line, string reason)
    {
        var e = Mapped.Event(line);

        e.Type.Should().Be("interaction.abandoned");
        e.InteractionId.Should().Be($"{Call}@400");
        e.Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|COMPLETECALLER|15|120|1", "COMPLETECALLER")] // holdtime|calltime|origposition
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|COMPLETEAGENT|15|120|1", "COMPLETEAGENT")]
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|BLINDTRANSFER|401|from-internal-xfer|15|60|1", "BLINDTRANSFER 401@from-internal-xfer")]
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|ATTENDEDTRANSFER|BRIDGE|6f1b2c|15|60|1", "ATTENDEDTRANSFER BRIDGE")]
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|ATTENDEDTRANSFER|APP|Voicemail|15|60|1", "ATTENDEDTRANSFER APP")]
    [InlineData("1732262535|1732262398.42|400|PJSIP/201|ATTENDEDTRANSFER|LINK|PJSIP/201-0001|PJSIP/305-0002|15|60|1", "ATTENDEDTRANSFER LINK")]
    [InlineData("1732262535|1732262398.42|400|SIP/201|TRANSFER|401|from-internal|15|60|1", "TRANSFER 401@from-internal")] // 1.8 to 11
    public void EveryEndOfTheConversation_IsEnded_WithTheReasonKept(string line, string reason)
    {
        var e = Mapped.Event(line);

        e.Type.Should().Be("interaction.ended");
        e.InteractionId.Should().Be($"{Call}@400");
        e.Reason.Should().Be(reason);
    }

    [Fact]
    public void ACallInTwoQueues_CountsAVisitInEach()
    {
        // A timeout into a failover queue (or a transfer to another queue) keeps the caller's uniqueid.
        var results = Mapped.Lines(
            "1732262400|1732262398.42|400|NONE|ENTERQUEUE||3331234567|1",
            "1732262700|1732262398.42|400|NONE|EXITWITHTIMEOUT|1|1|300",
            "1732262700|1732262398.42|401|NONE|ENTERQUEUE||3331234567|1",
            "1732262720|1732262398.42|401|PJSIP/305|CONNECT|20|1732262715.50|5");

        results.Select(r => r.Event!.InteractionId).Should().Equal(
            $"{Call}@400", $"{Call}@400", $"{Call}@401", $"{Call}@401");
    }

    [Theory]
    [InlineData("1732262000|NONE|NONE|NONE|QUEUESTART|", "QUEUESTART")]
    [InlineData("1732262000|NONE|NONE|NONE|CONFIGRELOAD|", "CONFIGRELOAD")]
    [InlineData("1732262398|1732262398.42|NONE|NONE|DID|0212345678", "DID")]
    [InlineData("1732262398|1732262398.42|400|NONE|INFO|IVR|2", "INFO")]
    [InlineData("1732262410|1732262398.42|400|PJSIP/202|RINGCANCELED|3500", "RINGCANCELED")]
    [InlineData("1732262410|1732262398.42|400|PJSIP/202|AGENTDUMP|", "AGENTDUMP")]
    [InlineData("1732262000|NONE|400|PJSIP/201|PENALTY|2", "PENALTY")]
    [InlineData("1732262000|NONE|400|PJSIP/201|RINGINUSE|0", "RINGINUSE")]
    [InlineData("1732262400|NONE|400|NONE|ENTERQUEUE||3331234567|1", "ENTERQUEUE without a call id")]
    [InlineData("1732262400|1732262398.42|NONE|NONE|ENTERQUEUE||3331234567|1", "ENTERQUEUE without a queue")]
    [InlineData("1732262415|1732262398.42|400|NONE|CONNECT|15|1732262410.45|5", "CONNECT without an agent")]
    [InlineData("1732262000|NONE|NONE|NONE|PAUSEALL|", "PAUSEALL without an agent")]
    public void LinesWithoutAContractMeaning_AreSkipped_UnderTheirName(string line, string skipped)
    {
        var result = Mapped.Lines(line).Single();

        result.Event.Should().BeNull();
        result.Skipped.Should().Be(skipped);
    }

    [Fact]
    public void DynamicMembership_KeepsTheAgentsQueues_AndLeavingTheLastOneIsOffline()
    {
        var results = Mapped.Lines(
            "1732262000|MANAGER|400|Local/201@from-queue/n|ADDMEMBER|",
            "1732262001|MANAGER|401|Local/201@from-queue/n|ADDMEMBER|",
            "1732262100|NONE|400|Local/201@from-queue/n|REMOVEMEMBER|",
            "1732262200|NONE|401|Local/201@from-queue/n|REMOVEMEMBER|");

        results.Select(r => (r.Event!.AgentId, r.Event.State, Queues: string.Join(",", r.Event.QueueIds ?? []))).Should().Equal(
            ("201", "available", "400"),
            ("201", "available", "400,401"),
            ("201", "available", "401"),
            ("201", "offline", ""));
    }

    [Fact]
    public void Pauses_AreAwayWithTheirReason_AndUnpausesAvailable()
    {
        var results = Mapped.Lines(
            "1732262000|REALTIME|400|PJSIP/201|ADDMEMBER|PAUSED",
            "1732262050|NONE|400|PJSIP/201|UNPAUSE|",
            "1732262100|NONE|400|PJSIP/201|PAUSE|Lunch",
            "1732262200|NONE|NONE|PJSIP/201|UNPAUSEALL|",
            "1732262300|NONE|NONE|PJSIP/201|PAUSEALL|Training",
            "1732262400|NONE|400|PJSIP/201|UNPAUSE|Auto-Unpause");

        results.Select(r => (r.Event!.State, r.Event.Reason)).Should().Equal(
            ("away", null), ("available", null), ("away", "Lunch"), ("available", null), ("away", "Training"), ("available", null));
        results.Should().OnlyContain(r => r.Event!.AgentId == "201" && r.Event.QueueIds!.SequenceEqual(new[] { "400" }));
    }

    [Fact]
    public void AgentLoginAndLogoff_AreAvailableAndOffline()
    {
        var results = Mapped.Lines(
            "1732262000|1732262000.7|NONE|Agent/1001|AGENTLOGIN|PJSIP/201-00000001",
            "1732265600|1732262000.7|NONE|Agent/1001|AGENTLOGOFF|PJSIP/201-00000001|3600",
            "1732266000|1732266000.9|NONE|Agent/1002|AGENTCALLBACKLOGIN|202@from-internal",
            "1732267000|NONE|NONE|Agent/1002|AGENTCALLBACKLOGOFF|202@from-internal|1000|Autologoff");

        results.Select(r => (r.Event!.AgentId, r.Event.State)).Should().Equal(
            ("1001", "available"), ("1001", "offline"), ("1002", "available"), ("1002", "offline"));
    }

    [Fact]
    public void TheRoster_CarriesMembershipFromOneRunToTheNext()
    {
        var roster = new AgentRoster();
        Mapped.Lines(roster, "1732262000|MANAGER|400|PJSIP/201|ADDMEMBER|", "1732262001|MANAGER|401|PJSIP/201|ADDMEMBER|");

        var restarted = new AgentRoster(roster.Snapshot());
        var leave = Mapped.Lines(restarted, "1732262100|NONE|400|PJSIP/201|REMOVEMEMBER|").Single().Event!;

        leave.State.Should().Be("available", "201 is still in 401, as the saved roster says");
        leave.QueueIds.Should().Equal("401");
    }

    [Fact]
    public void EventIds_AreTheSameOnEveryRead_AndTiesInOneSecondSortInFileOrder()
    {
        string[] lines =
        [
            "1732262000|NONE|400|PJSIP/201|PAUSE|Break",
            "1732262000|NONE|400|PJSIP/201|UNPAUSE|",
            "1732262000|NONE|400|PJSIP/201|PAUSE|Break",
            "1732262001|NONE|400|PJSIP/201|UNPAUSE|",
        ];

        var first = Mapped.Lines(lines).Select(r => r.Event!.EventId!).ToList();
        var again = Mapped.Lines(lines).Select(r => r.Event!.EventId!).ToList();

        again.Should().Equal(first);
        first.Should().OnlyHaveUniqueItems("the same text twice in one second is still two lines");
        first.Should().BeInAscendingOrder(StringComparer.Ordinal, "the host breaks ties in event time by event id");
        first[0].Should().StartWith("ast-1732262000-00000-");
        first[3].Should().StartWith("ast-1732262001-00000-");
    }
}
