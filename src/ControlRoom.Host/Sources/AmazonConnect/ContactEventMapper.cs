using System.Text.Json;
using ControlRoom.Contracts.Events;
using static ControlRoom.Host.Sources.AmazonConnect.ConnectJson;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// Maps one Amazon Connect contact event (EventBridge "Amazon Connect Contact Event": the envelope, or its detail
/// alone) to contract events: QUEUED is the offer, CONNECTED_TO_AGENT the answer, DISCONNECTED the end of an
/// answered contact or the abandon of a queued one, COMPLETED the end of after-contact work. Each fact's id is
/// derived from the contact id, so it is the same as the agent event stream's id for that fact and counted once.
/// </summary>
internal sealed class ContactEventMapper(ConnectNames names)
{
    public SourceMapping Map(JsonElement record)
    {
        var detail = Member(record, "detail") ?? record;
        var envelopeTime = Time(record, "time");
        if (Text(detail, "contactId") is not { } contactId)
        {
            return SourceMapping.Fail("contact event without contactId");
        }

        var method = Text(detail, "initiationMethod");
        if (ConnectNames.IsOutbound(method))
        {
            return SourceMapping.Ignore("outbound contacts are not queue traffic");
        }

        var type = Text(detail, "eventType");
        var queueInfo = Member(detail, "queueInfo");
        var queue = names.Queue(Text(queueInfo, "queueArn") ?? Text(queueInfo, "ARN"));
        var enqueued = Time(queueInfo, "enqueueTimestamp");
        var agentInfo = Member(detail, "agentInfo");
        var agent = names.Agent(Text(agentInfo, "agentArn"));
        var connected = Time(agentInfo, "connectedToAgentTimestamp");
        var channel = ConnectNames.Channel(Text(detail, "channel"), method);
        var customer = Text(Member(detail, "customerEndpoint"), "address");

        IEnumerable<IncomingEvent> QueueEntry(DateTimeOffset at) =>
            SourceEvent.QueueEntry(ConnectNames.QueueEntryId(contactId, queue!), at, contactId, queue!, channel, customer);

        IncomingEvent Answered(DateTimeOffset at) =>
            SourceEvent.Interaction(ConnectNames.FactId(contactId, "answered"), "interaction.answered", at, contactId, queue, agent);

        switch (type)
        {
            case "QUEUED":
                if (queue is null)
                {
                    return SourceMapping.Fail("QUEUED contact event without queueInfo.queueArn");
                }

                return (enqueued ?? envelopeTime) is { } queuedAt
                    ? new SourceMapping([.. QueueEntry(queuedAt)])
                    : SourceMapping.Fail("QUEUED contact event without a time");
            case "CONNECTED_TO_AGENT":
                if (agent is null)
                {
                    return SourceMapping.Fail("CONNECTED_TO_AGENT contact event without agentInfo.agentArn");
                }

                return (connected ?? envelopeTime) is { } answeredAt
                    ? SourceMapping.Of(Answered(answeredAt))
                    : SourceMapping.Fail("CONNECTED_TO_AGENT contact event without a time");
            case "DISCONNECTED":
                if ((Time(detail, "disconnectTimestamp") ?? envelopeTime) is not { } disconnected)
                {
                    return SourceMapping.Fail("DISCONNECTED contact event without a time");
                }

                if (connected is not null && agent is not null)
                {
                    // The answer is repeated (same id) so a lost CONNECTED_TO_AGENT still leaves an answered contact.
                    return SourceMapping.Of(Answered(connected.Value),
                        SourceEvent.Interaction(ConnectNames.FactId(contactId, "ended"), "interaction.ended", disconnected, contactId));
                }

                if (queue is not null && enqueued is not null)
                {
                    return new SourceMapping([.. QueueEntry(enqueued.Value),
                        SourceEvent.Interaction(ConnectNames.FactId(contactId, "abandoned"), "interaction.abandoned", disconnected, contactId, queue,
                            reason: Text(detail, "disconnectReason"))]);
                }

                return SourceMapping.Ignore("DISCONNECTED contact that never waited in a queue");
            case "COMPLETED":
                if (connected is null)
                {
                    return SourceMapping.Ignore("COMPLETED contact no agent took");
                }

                return (Time(agentInfo, "afterContactWorkEndTimestamp") ?? envelopeTime) is { } completedAt
                    ? SourceMapping.Of(SourceEvent.Interaction(ConnectNames.FactId(contactId, "wrapup-ended"), "interaction.wrapup_ended", completedAt, contactId))
                    : SourceMapping.Fail("COMPLETED contact event without a time");
            default:
                return SourceMapping.Ignore($"contact event {SourceKeys.Clip(type, 40)} carries nothing ControlRoom counts");
        }
    }
}
