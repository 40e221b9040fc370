using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace ControlRoom.Sources.Tests.AmazonConnect;

/// <summary>
/// Amazon Connect records shaped as AWS documents them: agent event stream records (Amazon Connect Administrator
/// Guide, "Agent event streams data model": AgentEvent, AgentSnapshot, Configuration, Contact, Queue, RoutingProfile,
/// HierarchyGroup) and contact events ("Amazon Connect contact events": the EventBridge envelope with detail-type
/// "Amazon Connect Contact Event" and its detail: eventType, contactId, channel, initiationMethod, queueInfo, agentInfo,
/// timestamps); and the Firehose HTTP endpoint request that carries them ("HTTP endpoint delivery request and response
/// specifications": {requestId, timestamp, records:[{data}]}).
/// </summary>
public static class ConnectRecords
{
    public const string Instance = "arn:aws:connect:eu-central-1:123456789012:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111";

    public static string QueueArn(string queueId) => $"{Instance}/queue/{queueId}";

    public static string AgentArn(string userId) => $"{Instance}/agent/{userId}";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A contact in an agent snapshot.</summary>
    public static JsonObject SnapshotContact(string contactId, string queueId, string state, DateTimeOffset stateAt,
        DateTimeOffset? queuedAt, DateTimeOffset? connectedAt, string channel = "VOICE", string initiation = "INBOUND") => new()
    {
        ["Channel"] = channel,
        ["ConnectedToAgentTimestamp"] = connectedAt is { } c ? Time(c) : null,
        ["ContactId"] = contactId,
        ["InitialContactId"] = null,
        ["InitiationMethod"] = initiation,
        ["Queue"] = new JsonObject { ["ARN"] = QueueArn(queueId), ["Name"] = "Queue " + queueId[..4] },
        ["QueueTimestamp"] = queuedAt is { } q ? Time(q) : null,
        ["State"] = state,
        ["StateStartTimestamp"] = Time(stateAt),
    };

    public static JsonObject Snapshot(string status, DateTimeOffset statusSince, IEnumerable<string> inboundQueueIds, string? team, params JsonObject[] contacts) => new()
    {
        ["AgentStatus"] = new JsonObject
        {
            ["ARN"] = $"{Instance}/agent-state/{Guid.NewGuid()}",
            ["Name"] = status,
            ["StartTimestamp"] = Time(statusSince),
        },
        ["NextAgentStatus"] = null,
        ["Configuration"] = new JsonObject
        {
            ["AgentHierarchyGroups"] = team is null ? null : new JsonObject
            {
                ["Level1"] = new JsonObject { ["ARN"] = $"{Instance}/agent-group/{Guid.NewGuid()}", ["Name"] = "Milano" },
                ["Level2"] = new JsonObject { ["ARN"] = $"{Instance}/agent-group/{Guid.NewGuid()}", ["Name"] = team },
            },
            ["FirstName"] = "Maria",
            ["LastName"] = "Rossi",
            ["RoutingProfile"] = new JsonObject
            {
                ["ARN"] = $"{Instance}/routing-profile/{Guid.NewGuid()}",
                ["DefaultOutboundQueue"] = new JsonObject { ["ARN"] = QueueArn("outbound-0000"), ["Name"] = "Outbound" },
                ["InboundQueues"] = new JsonArray([.. inboundQueueIds.Select(q => (JsonNode)new JsonObject { ["ARN"] = QueueArn(q), ["Name"] = "Queue " + q[..4] })]),
                ["Name"] = "Basic Routing Profile",
            },
            ["Username"] = "maria.rossi",
        },
        ["Contacts"] = new JsonArray([.. contacts.Select(c => (JsonNode)c.DeepClone())]),
    };

    public static JsonObject AgentEvent(string type, string userId, DateTimeOffset at, JsonObject? current, JsonObject? previous) => new()
    {
        ["AWSAccountId"] = "123456789012",
        ["AgentARN"] = AgentArn(userId),
        ["CurrentAgentSnapshot"] = current?.DeepClone(),
        ["EventId"] = Guid.NewGuid().ToString(),
        ["EventTimestamp"] = Time(at),
        ["EventType"] = type,
        ["InstanceARN"] = Instance,
        ["PreviousAgentSnapshot"] = previous?.DeepClone(),
        ["Version"] = "2019-05-25",
    };

    /// <summary>A contact event in its EventBridge envelope.</summary>
    public static JsonObject ContactEventRecord(string type, string contactId, DateTimeOffset at, string? queueId = null, DateTimeOffset? enqueuedAt = null,
        string? agentUserId = null, DateTimeOffset? connectedAt = null, DateTimeOffset? disconnectedAt = null, string channel = "VOICE",
        string initiation = "INBOUND", DateTimeOffset? afterContactWorkEndedAt = null)
    {
        var detail = new JsonObject
        {
            ["eventType"] = type,
            ["contactId"] = contactId,
            ["initialContactId"] = contactId,
            ["channel"] = channel,
            ["instanceArn"] = Instance,
            ["initiationMethod"] = initiation,
            ["initiationTimestamp"] = Time((enqueuedAt ?? at).AddSeconds(-20)),
            ["customerEndpoint"] = new JsonObject { ["address"] = "+390212345678", ["type"] = "TELEPHONE_NUMBER" },
        };
        if (queueId is not null)
        {
            detail["queueInfo"] = new JsonObject
            {
                ["queueArn"] = QueueArn(queueId),
                ["queueType"] = "STANDARD",
                ["enqueueTimestamp"] = enqueuedAt is { } q ? Time(q) : null,
            };
        }

        if (agentUserId is not null)
        {
            var agent = new JsonObject { ["agentArn"] = AgentArn(agentUserId), ["connectedToAgentTimestamp"] = connectedAt is { } c ? Time(c) : null };
            if (afterContactWorkEndedAt is { } acw)
            {
                agent["afterContactWorkStartTimestamp"] = Time(disconnectedAt ?? at);
                agent["afterContactWorkEndTimestamp"] = Time(acw);
            }

            detail["agentInfo"] = agent;
        }

        if (disconnectedAt is { } d)
        {
            detail["disconnectTimestamp"] = Time(d);
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "Amazon Connect Contact Event",
            ["source"] = "aws.connect",
            ["account"] = "123456789012",
            ["time"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["region"] = "eu-central-1",
            ["resources"] = new JsonArray($"{Instance}/contact/{contactId}", Instance),
            ["detail"] = detail,
        };
    }

    /// <summary>The Firehose request body: each record's data is the UTF-8 bytes of a JSON document, in base64.</summary>
    public static string Delivery(string requestId, params JsonNode[] records) => Delivery(requestId, records.Select(r => Encoding.UTF8.GetBytes(r.ToJsonString())).ToArray());

    public static string Delivery(string requestId, params byte[][] records) => new JsonObject
    {
        ["requestId"] = requestId,
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["records"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject { ["data"] = Convert.ToBase64String(r) })]),
    }.ToJsonString();

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
