using System.Text;
using System.Text.Json.Nodes;
using ControlRoom.Contracts.Events;
using ControlRoom.Host.Sources.AmazonConnect;
using static ControlRoom.Sources.Tests.AmazonConnect.ConnectRecords;

namespace ControlRoom.Sources.Tests.AmazonConnect;

/// <summary>Firehose request bodies as the HTTP endpoint delivery specification describes them.</summary>
public sealed class FirehoseDeliveryTests
{
    private const string Queue = "4d2f7c1e-0b9a-4c3e-9f21-6a8b5d0e7c11";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly ConnectRecordMapper mapper = new(new AmazonConnectOptions { AccessKey = "key" });

    [Fact]
    public void RecordsAreDecoded_AndABadOneIsLeftOutAndReported()
    {
        var body = Delivery("ed4acda5-034f-9f42-bba1-f29aea6d7d8f",
            Encoding.UTF8.GetBytes(ContactEventRecord("QUEUED", "c-1", T0, Queue, T0).ToJsonString()),
            Encoding.UTF8.GetBytes("this is not JSON"),
            Encoding.UTF8.GetBytes(ContactEventRecord("QUEUED", "c-2", T0, Queue, T0).ToJsonString()));

        var delivery = Read(body);

        delivery.RequestId.Should().Be("ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
        delivery.Records.Should().Be(3);
        delivery.Events.Where(e => e.Type == EventType.InteractionOffered).Select(e => e.InteractionId).Should().Equal("c-1", "c-2");
        delivery.Rejected.Should().ContainSingle().Which.Index.Should().Be(1);
    }

    [Fact]
    public void ARecordIsAllOrNothing_WhenOneOfItsDocumentsIsRefused()
    {
        var twoDocuments = ContactEventRecord("QUEUED", "c-1", T0, Queue, T0).ToJsonString() + "\n" + new JsonObject { ["x"] = 1 }.ToJsonString();

        var delivery = Read(Delivery("r", Encoding.UTF8.GetBytes(twoDocuments)));

        delivery.Events.Should().BeEmpty();
        delivery.Rejected.Should().ContainSingle();
    }

    [Fact]
    public void NewlineDelimitedDocuments_GzipRecords_AndEmptyRecords_AreRead()
    {
        var ndjson = ContactEventRecord("QUEUED", "c-1", T0, Queue, T0).ToJsonString() + "\n" + ContactEventRecord("QUEUED", "c-2", T0, Queue, T0).ToJsonString() + "\n";
        var gzip = Gzip(Encoding.UTF8.GetBytes(ContactEventRecord("QUEUED", "c-3", T0, Queue, T0).ToJsonString()));

        var delivery = Read(Delivery("r", Encoding.UTF8.GetBytes(ndjson), gzip, []));

        delivery.Events.Where(e => e.Type == EventType.InteractionOffered).Select(e => e.InteractionId).Should().Equal("c-1", "c-2", "c-3");
        delivery.Ignored.Should().Be(1, "Firehose permits empty records");
        delivery.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void IgnoredDocuments_AreCounted()
    {
        var delivery = Read(Delivery("r", ContactEventRecord("INITIATED", "c-1", T0), AgentEvent("HEART_BEAT", "a", T0, Snapshot("Available", T0, [Queue], null), null)));

        delivery.Events.Should().BeEmpty();
        delivery.Ignored.Should().Be(2);
        delivery.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void RecordWhoseEventsTheContractRefuses_IsLeftOut()
    {
        var tooLong = new string('c', 200); // Amazon Connect allows contact ids of 256 characters; the contract 128.

        var delivery = Read(Delivery("r", ContactEventRecord("QUEUED", tooLong, T0, Queue, T0)));

        delivery.Events.Should().BeEmpty();
        delivery.Rejected.Single().Reason.Should().Contain("interactionId");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"requestId":"r"}""")]
    public void BodyThatIsNoDelivery_IsRefusedWhole(string body) =>
        FirehoseDelivery.Read(Encoding.UTF8.GetBytes(body), mapper, out var error).Should().BeNull(error);

    [Fact]
    public void MoreRecordsThanFirehoseSends_AreRefused()
    {
        var body = Delivery("r", Enumerable.Repeat(Array.Empty<byte>(), FirehoseDelivery.MaxRecords + 1).ToArray());

        FirehoseDelivery.Read(Encoding.UTF8.GetBytes(body), mapper, out var error).Should().BeNull();
        error.Should().Contain("10000");
    }

    private FirehoseDelivery Read(string body)
    {
        var delivery = FirehoseDelivery.Read(Encoding.UTF8.GetBytes(body), mapper, out var error);
        error.Should().BeNull();
        return delivery!;
    }
}
