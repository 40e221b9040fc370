using System.Text.Json;
using static ControlRoom.Host.Sources.AmazonConnect.ConnectJson;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// Maps one JSON document of a Firehose record to contract events: an agent event stream record (the Kinesis stream
/// Amazon Connect writes agent events to, read by Firehose), or a contact event (an EventBridge rule targeting the
/// Firehose stream). Anything else is refused, so a mis-wired stream is noticed rather than silently dropped.
/// </summary>
public sealed class ConnectRecordMapper
{
    private const string ContactEventType = "Amazon Connect Contact Event";

    private readonly AgentEventMapper agents;
    private readonly ContactEventMapper contacts;

    public ConnectRecordMapper(AmazonConnectOptions options)
    {
        var names = new ConnectNames(options);
        agents = new AgentEventMapper(options, names);
        contacts = new ContactEventMapper(names);
    }

    public SourceMapping Map(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return SourceMapping.Fail("a record must hold JSON objects");
        }

        if (Text(record, "detail-type") is { } detailType)
        {
            return detailType == ContactEventType
                ? contacts.Map(record)
                : SourceMapping.Ignore($"EventBridge event '{SourceKeys.Clip(detailType, 60)}' is not a contact event");
        }

        if (Member(record, "CurrentAgentSnapshot") is not null || (Text(record, "AgentARN") is not null && Text(record, "EventType") is not null))
        {
            return agents.Map(record);
        }

        if (Text(record, "contactId") is not null && Text(record, "eventType") is not null)
        {
            return contacts.Map(record);
        }

        if (Text(record, "AWSContactTraceRecordFormatVersion") is not null)
        {
            return SourceMapping.Ignore("contact records are not read; stream contact events instead");
        }

        return SourceMapping.Fail("neither an agent event stream record nor an Amazon Connect contact event");
    }
}
