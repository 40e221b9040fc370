using System.Text.Json;
using System.Text.Json.Nodes;
using ControlRoom.Contracts.Events;
using ControlRoom.Host.Sources;
using ControlRoom.Host.Sources.AmazonConnect;
using static ControlRoom.Sources.Tests.AmazonConnect.ConnectRecords;

namespace ControlRoom.Sources.Tests.AmazonConnect;

/// <summary>Agent event stream records and contact events shaped as AWS documents them (see <see cref="ConnectRecords"/>).</summary>
public sealed class ConnectRecordMapperTests
{
    private const string Billing = "4d2f7c1e-0b9a-4c3e-9f21-6a8b5d0e7c11";
    private const string Sales = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
    private const string Agent = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    private const string Contact = "11111111-2222-4333-8444-555555555555";

    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly ConnectRecordMapper mapper = new(new AmazonConnectOptions { AccessKey = "key" });

    [Fact]
    public void Login_GivesPresence_WithTheRoutingProfilesQueuesAndTheTeam()
    {
        var login = AgentEvent("LOGIN", Agent, T0, Snapshot("Available", T0, [Billing, Sales], "Energia A"), previous: null);

        var presence = Valid(login).Should().ContainSingle().Subject;

        presence.Type.Should().Be(EventType.AgentStateChanged);
        presence.AgentId.Should().Be(Agent, "agents are keyed by the user id of their ARN, the one both streams share");
        presence.State.Should().Be(AgentState.Available);
        presence.QueueIds.Should().Equal(Billing, Sales);
        presence.Attributes.Should().Contain(ContactEvent.TeamAttribute, "Energia A", "the deepest hierarchy level is the team");
        presence.OccurredAt.Should().Be(T0);
    }

    [Theory]
    [InlineData("Offline", AgentState.Offline, null)]
    [InlineData("Break", AgentState.Away, "Break")]
    [InlineData("Training", AgentState.Away, "Training")]
    public void StatusChange_MapsTheStatusName(string status, AgentState state, string? reason)
    {
        var change = AgentEvent("STATE_CHANGE", Agent, T0, Snapshot(status, T0, [Billing], null), Snapshot("Available", T0.AddMinutes(-5), [Billing], null));

        var presence = Valid(change).Single();

        presence.State.Should().Be(state);
        presence.Reason.Should().Be(reason);
    }

    [Fact]
    public void ConnectedContact_IsTheAnswer_TheQueueEntry_AndABusyAgent()
    {
        var queued = T0.AddSeconds(-40);
        var connected = T0.AddSeconds(-2);
        var contact = SnapshotContact(Contact, Billing, "CONNECTED", connected, queued, connected);
        var ringing = SnapshotContact(Contact, Billing, "CONNECTING", T0.AddSeconds(-8), queued, null);
        var change = AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0.AddHours(-1), [Billing], null, contact),
            Snapshot("Available", T0.AddHours(-1), [Billing], null, ringing));

        var events = Valid(change);

        events.Single(e => e.Type == EventType.AgentStateChanged).State.Should().Be(AgentState.Busy);
        var offered = events.Single(e => e.Type == EventType.InteractionOffered);
        offered.QueueId.Should().Be(Billing, "queues are keyed by the id of their ARN");
        offered.OccurredAt.Should().Be(queued);
        offered.Channel.Should().Be(Channel.Voice);
        var answered = events.Single(e => e.Type == EventType.InteractionAnswered);
        answered.AgentId.Should().Be(Agent);
        answered.OccurredAt.Should().Be(connected);
        answered.InteractionId.Should().Be(Contact);
    }

    [Fact]
    public void EndedContact_IsTheEnd_AndWrapupForTheAgent()
    {
        // As the data model's example of an agent entering after-contact work: the contact ENDED at StateStartTimestamp.
        var ended = SnapshotContact(Contact, Billing, "ENDED", T0, T0.AddMinutes(-5), T0.AddMinutes(-4));
        var talking = SnapshotContact(Contact, Billing, "CONNECTED", T0.AddMinutes(-4), T0.AddMinutes(-5), T0.AddMinutes(-4));
        var change = AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0.AddHours(-1), [Billing], null, ended),
            Snapshot("Available", T0.AddHours(-1), [Billing], null, talking));

        var events = Valid(change);

        events.Single(e => e.Type == EventType.AgentStateChanged).State.Should().Be(AgentState.Wrapup);
        events.Single(e => e.Type == EventType.InteractionEnded).OccurredAt.Should().Be(T0);
    }

    [Fact]
    public void ContactClearedAfterWork_EndsTheWrapup_AtTheEventTime()
    {
        // As the data model's example of an agent leaving after-contact work: no contact now, the previous one ENDED.
        var ended = SnapshotContact(Contact, Billing, "ENDED", T0.AddSeconds(-30), T0.AddMinutes(-5), T0.AddMinutes(-4));
        var change = AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0.AddHours(-1), [Billing], null),
            Snapshot("Available", T0.AddHours(-1), [Billing], null, ended));

        var events = Valid(change);

        events.Single(e => e.Type == EventType.AgentStateChanged).State.Should().Be(AgentState.Available);
        var wrapped = events.Single(e => e.Type == EventType.InteractionWrapupEnded);
        wrapped.InteractionId.Should().Be(Contact);
        wrapped.OccurredAt.Should().Be(T0);
    }

    [Fact]
    public void MissedContact_IsARingNoAnswer_WithHowLongItRang()
    {
        var missed = SnapshotContact(Contact, Billing, "MISSED", T0, T0.AddSeconds(-50), null);
        var ringing = SnapshotContact(Contact, Billing, "CONNECTING", T0.AddSeconds(-15), T0.AddSeconds(-50), null);
        var change = AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0.AddHours(-1), [Billing], null, missed),
            Snapshot("Available", T0.AddHours(-1), [Billing], null, ringing));

        var rona = Valid(change).Single(e => e.Type == EventType.InteractionRingNoAnswer);

        rona.AgentId.Should().Be(Agent);
        rona.InteractionId.Should().Be(Contact);
        rona.RingSeconds.Should().Be(15);
        rona.OccurredAt.Should().Be(T0);
    }

    [Fact]
    public void TheSameContactInTwoSnapshots_GivesTheSameFactIds()
    {
        var queued = T0.AddSeconds(-40);
        var connected = SnapshotContact(Contact, Billing, "CONNECTED", T0.AddSeconds(-10), queued, T0.AddSeconds(-10));
        var onHold = SnapshotContact(Contact, Billing, "CONNECTED_ONHOLD", T0, queued, T0.AddSeconds(-10));
        var first = Valid(AgentEvent("STATE_CHANGE", Agent, T0.AddSeconds(-10), Snapshot("Available", T0, [Billing], null, connected), null));
        var second = Valid(AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0, [Billing], null, onHold), null));

        Ids(second, EventType.InteractionAnswered).Should().Equal(Ids(first, EventType.InteractionAnswered));
        Ids(second, EventType.InteractionOffered).Should().Equal(Ids(first, EventType.InteractionOffered));
        Ids(second, EventType.AgentStateChanged).Should().NotEqual(Ids(first, EventType.AgentStateChanged), "each agent event is its own presence step");
    }

    [Fact]
    public void OutboundContact_MakesTheAgentBusy_ButIsNoQueueTraffic()
    {
        var dialled = SnapshotContact(Contact, "outbound-0000", "CONNECTED", T0, null, T0, initiation: "OUTBOUND");

        var events = Valid(AgentEvent("STATE_CHANGE", Agent, T0, Snapshot("Available", T0, [Billing], null, dialled), null));

        events.Should().ContainSingle().Which.State.Should().Be(AgentState.Busy);
    }

    [Fact]
    public void Logout_IsOffline_AndHeartbeatIsIgnored()
    {
        Valid(AgentEvent("LOGOUT", Agent, T0, Snapshot("Available", T0, [Billing], null), null)).Single().State.Should().Be(AgentState.Offline);
        Map(AgentEvent("HEART_BEAT", Agent, T0, Snapshot("Available", T0, [Billing], null), null)).Ignored.Should().NotBeNull();
    }

    [Fact]
    public void QueuedContactEvent_IsTheOffer_AtTheEnqueueTime()
    {
        var queued = ContactEventRecord("QUEUED", Contact, T0, Billing, enqueuedAt: T0.AddSeconds(-1));

        var offered = Valid(queued).Single(e => e.Type == EventType.InteractionOffered);

        offered.QueueId.Should().Be(Billing);
        offered.OccurredAt.Should().Be(T0.AddSeconds(-1));
        offered.CustomerId.Should().Be("+390212345678");
    }

    [Fact]
    public void ConnectedToAgentContactEvent_IsTheAnswer_WithTheSameIdAsTheAgentStreams()
    {
        var connected = T0.AddSeconds(12);
        var fromContactEvents = Valid(ContactEventRecord("CONNECTED_TO_AGENT", Contact, connected, Billing, T0, Agent, connected));
        var fromAgentStream = Valid(AgentEvent("STATE_CHANGE", Agent, connected,
            Snapshot("Available", T0, [Billing], null, SnapshotContact(Contact, Billing, "CONNECTED", connected, T0, connected)), null));

        var answer = fromContactEvents.Single(e => e.Type == EventType.InteractionAnswered);
        answer.AgentId.Should().Be(Agent);
        answer.OccurredAt.Should().Be(connected);
        Ids(fromContactEvents, EventType.InteractionAnswered).Should().Equal(Ids(fromAgentStream, EventType.InteractionAnswered));
    }

    [Fact]
    public void DisconnectedWhileQueued_IsAnAbandon()
    {
        var gone = ContactEventRecord("DISCONNECTED", Contact, T0.AddSeconds(30), Billing, T0, disconnectedAt: T0.AddSeconds(30));

        var events = Valid(gone);

        var abandoned = events.Single(e => e.Type == EventType.InteractionAbandoned);
        abandoned.QueueId.Should().Be(Billing);
        abandoned.OccurredAt.Should().Be(T0.AddSeconds(30));
        events.Single(e => e.Type == EventType.InteractionOffered).OccurredAt.Should().Be(T0, "the disconnect repeats the queue entry, in case QUEUED was lost");
    }

    [Fact]
    public void DisconnectedAfterAnAgent_IsTheEnd_AndCompletedEndsTheWrapup()
    {
        var ended = Valid(ContactEventRecord("DISCONNECTED", Contact, T0.AddMinutes(3), Billing, T0, Agent, T0.AddSeconds(10), T0.AddMinutes(3)));
        var completed = Valid(ContactEventRecord("COMPLETED", Contact, T0.AddMinutes(4), Billing, T0, Agent, T0.AddSeconds(10), T0.AddMinutes(3),
            afterContactWorkEndedAt: T0.AddMinutes(4)));

        ended.Select(e => e.Type).Should().Equal(EventType.InteractionAnswered, EventType.InteractionEnded);
        ended.Single(e => e.Type == EventType.InteractionEnded).OccurredAt.Should().Be(T0.AddMinutes(3));
        completed.Should().ContainSingle().Which.Type.Should().Be(EventType.InteractionWrapupEnded);
    }

    [Fact]
    public void MixedCaseMembers_AsInAwssSample_AreRead()
    {
        // AWS's published sample spells "AgentInfo"/"AgentArn" where the data model says agentInfo/agentArn.
        var record = ContactEventRecord("CONNECTED_TO_AGENT", Contact, T0, Billing, T0.AddSeconds(-5), Agent, T0);
        var detail = record["detail"]!.AsObject();
        var agentInfo = detail["agentInfo"]!.DeepClone().AsObject();
        detail.Remove("agentInfo");
        detail["AgentInfo"] = new JsonObject { ["AgentArn"] = agentInfo["agentArn"]!.DeepClone(), ["connectedToAgentTimestamp"] = agentInfo["connectedToAgentTimestamp"]!.DeepClone() };

        Valid(record).Single().AgentId.Should().Be(Agent);
    }

    [Fact]
    public void ConfiguredNames_ReplaceTheIds()
    {
        var options = new AmazonConnectOptions { AccessKey = "key" };
        options.Queues[Billing] = "billing";
        options.Agents[Agent] = "maria.rossi";
        var named = new ConnectRecordMapper(options);

        var events = Mapped.Valid(named.Map(Parse(ContactEventRecord("CONNECTED_TO_AGENT", Contact, T0, Billing, T0.AddSeconds(-5), Agent, T0))));

        events.Single().QueueId.Should().Be("billing");
        events.Single().AgentId.Should().Be("maria.rossi");
    }

    [Theory]
    [InlineData("CHAT", "API", Channel.Chat)]
    [InlineData("TASK", "API", Channel.Email)]
    [InlineData("VOICE", "CALLBACK", Channel.Callback)]
    [InlineData("Voice", "INBOUND", Channel.Voice)]
    public void ChannelAndInitiation_GiveTheContractChannel(string channel, string initiation, Channel expected) =>
        Valid(ContactEventRecord("QUEUED", Contact, T0, Billing, T0, channel: channel, initiation: initiation))
            .First().Channel.Should().Be(expected);

    [Fact]
    public void OtherShapes_AreRefused_AndOtherEventTypesIgnored()
    {
        Map(new JsonObject { ["hello"] = "world" }).Error.Should().NotBeNull();
        Map(ContactEventRecord("INITIATED", Contact, T0)).Ignored.Should().NotBeNull();
        Map(ContactEventRecord("QUEUED", Contact, T0, Billing, T0, initiation: "OUTBOUND")).Ignored.Should().NotBeNull();
    }

    private SourceMapping Map(JsonNode record) => mapper.Map(Parse(record));

    private static JsonElement Parse(JsonNode record) => JsonDocument.Parse(record.ToJsonString()).RootElement;

    private static IEnumerable<string> Ids(IEnumerable<ContactEvent> events, EventType type) =>
        events.Where(e => e.Type == type).Select(e => e.EventId);

    private List<ContactEvent> Valid(JsonNode record) => Mapped.Valid(Map(record));
}
