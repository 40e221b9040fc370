using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlRoom.Host.Sources;
using ControlRoom.Host.Sources.AmazonConnect;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Sources.Tests.AmazonConnect.ConnectRecords;

namespace ControlRoom.Sources.Tests.AmazonConnect;

/// <summary>Firehose deliveries through the real pipeline into the grains, read back through the API.</summary>
public sealed class FirehoseEndpointTests(SourcesHost host) : IClassFixture<SourcesHost>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task DeliveryOfAgentAndContactRecords_ShowsInAgentsAndQueueFigures_AndAnswersFirehosesJson()
    {
        const string queue = SourcesHost.NamedConnectQueue;
        var agent = Guid.NewGuid().ToString();
        var answered = Guid.NewGuid().ToString();
        var abandoned = Guid.NewGuid().ToString();
        var talking = SnapshotContact(answered, queue, "CONNECTED", Now.AddSeconds(-50), Now.AddSeconds(-60), Now.AddSeconds(-50));
        var body = Delivery("delivery-" + Guid.NewGuid(),
            AgentEvent("LOGIN", agent, Now.AddMinutes(-5), Snapshot("Available", Now.AddMinutes(-5), [queue], "Energia B"), null),
            ContactEventRecord("QUEUED", answered, Now.AddSeconds(-60), queue, Now.AddSeconds(-60)),
            ContactEventRecord("CONNECTED_TO_AGENT", answered, Now.AddSeconds(-50), queue, Now.AddSeconds(-60), agent, Now.AddSeconds(-50)),
            AgentEvent("STATE_CHANGE", agent, Now.AddSeconds(-50), Snapshot("Available", Now.AddMinutes(-5), [queue], "Energia B", talking),
                Snapshot("Available", Now.AddMinutes(-5), [queue], "Energia B")),
            ContactEventRecord("QUEUED", abandoned, Now.AddSeconds(-40), queue, Now.AddSeconds(-40)),
            ContactEventRecord("DISCONNECTED", abandoned, Now.AddSeconds(-10), queue, Now.AddSeconds(-40), disconnectedAt: Now.AddSeconds(-10)));
        var requestId = JsonDocument.Parse(body).RootElement.GetProperty("requestId").GetString();

        using var response = await PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("requestId").GetString().Should().Be(requestId);
        answer.GetProperty("timestamp").GetInt64().Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 60_000);
        answer.TryGetProperty("errorMessage", out _).Should().BeFalse();

        using var api = host.ApiClient();
        var snapshot = await api.GetFromJsonAsync<JsonElement>($"/api/queues/{SourcesHost.NamedConnectQueueId}");
        var figures = snapshot.GetProperty("rolling30m");
        figures.GetProperty("offered").GetInt32().Should().Be(2);
        figures.GetProperty("answered").GetInt32().Should().Be(1);
        figures.GetProperty("abandoned").GetInt32().Should().Be(1);
        figures.GetProperty("asa").GetDouble().Should().BeApproximately(10, 0.01);
        var agentSnapshot = await api.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}");
        agentSnapshot.GetProperty("state").GetString().Should().Be("busy");
        agentSnapshot.GetProperty("team").GetString().Should().Be("Energia B");
        agentSnapshot.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Contain(SourcesHost.NamedConnectQueueId);
        snapshot.GetProperty("agents").GetProperty("busy").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Redelivery_ChangesNothing()
    {
        var queue = Guid.NewGuid().ToString();
        var contact = Guid.NewGuid().ToString();
        var body = Delivery("redelivered", ContactEventRecord("QUEUED", contact, Now.AddSeconds(-30), queue, Now.AddSeconds(-30)),
            ContactEventRecord("DISCONNECTED", contact, Now.AddSeconds(-5), queue, Now.AddSeconds(-30), disconnectedAt: Now.AddSeconds(-5)));

        (await PostAsync(body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = (await host.ApiClient().GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("rolling30m");
        var before = Activity();
        (await PostAsync(body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = (await host.ApiClient().GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("rolling30m");

        second.GetProperty("offered").GetInt32().Should().Be(1);
        second.GetProperty("abandoned").GetInt32().Should().Be(1);
        foreach (var figure in new[] { "offered", "abandoned", "shortAbandoned", "answered" })
        {
            second.GetProperty(figure).GetInt32().Should().Be(first.GetProperty(figure).GetInt32(), figure);
        }

        (Activity().Duplicates - before.Duplicates).Should().Be(5, "every event of the redelivery (two queue entries of two events, the abandon) was already in");
        (Activity().Accepted - before.Accepted).Should().Be(0);
    }

    [Fact]
    public async Task WrongOrMissingAccessKey_IsRefused_WithFirehosesErrorShape_AndChangesNothing()
    {
        var queue = Guid.NewGuid().ToString();
        var body = Delivery("refused", ContactEventRecord("QUEUED", Guid.NewGuid().ToString(), Now, queue, Now));

        using var wrong = await PostAsync(body, key: "not-the-key");
        using var missing = await PostAsync(body, key: null);

        wrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var error = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("requestId").GetString().Should().Be("refused");
        error.GetProperty("errorMessage").GetString().Should().Contain("X-Amz-Firehose-Access-Key");
        error.GetProperty("timestamp").GetInt64().Should().BePositive();
        using var read = await host.ApiClient().GetAsync($"/api/queues/{queue}");
        read.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GzipDelivery_IsRead()
    {
        var queue = Guid.NewGuid().ToString();
        var body = Gzip(Encoding.UTF8.GetBytes(Delivery("gzip", ContactEventRecord("QUEUED", Guid.NewGuid().ToString(), Now.AddSeconds(-3), queue, Now.AddSeconds(-3)))));

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await PostAsync(content, SourcesHost.AccessKey, "gzip");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.ApiClient().GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("waiting").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task UndecodableRecord_IsReportedAndLeftOut_TheDeliveryStillSucceeds()
    {
        var queue = Guid.NewGuid().ToString();
        var body = Delivery("partly-bad", Encoding.UTF8.GetBytes("{ not json"),
            Encoding.UTF8.GetBytes(ContactEventRecord("QUEUED", Guid.NewGuid().ToString(), Now.AddSeconds(-3), queue, Now.AddSeconds(-3)).ToJsonString()));
        var before = Activity();

        using var response = await PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Firehose retries a whole delivery on anything else, and a bad record would block the good ones");
        (Activity().Rejected - before.Rejected).Should().Be(1);
        (Activity().Received - before.Received).Should().Be(2);
        (await host.ApiClient().GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("waiting").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task BodyThatIsNoDelivery_Is400_InFirehosesShape()
    {
        using var response = await PostAsync("""{"records":"nope"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorMessage").GetString().Should().NotBeNullOrEmpty();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? key = SourcesHost.AccessKey)
    {
        var requestId = JsonNode.Parse(body) is JsonObject o && o["requestId"] is { } id ? id.GetValue<string>() : "unknown";
        return PostAsync(new StringContent(body, Encoding.UTF8, "application/json"), key, requestId);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, string? key, string requestId)
    {
        using var client = host.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, FirehoseEndpoint.Path) { Content = content };
        request.Headers.Add("X-Amz-Firehose-Protocol-Version", "1.0");
        request.Headers.Add(FirehoseEndpoint.RequestIdHeader, requestId);
        request.Headers.Add("X-Amz-Firehose-Source-Arn", "arn:aws:firehose:eu-central-1:123456789012:deliverystream/controlroom");
        if (key is not null)
        {
            request.Headers.Add(FirehoseEndpoint.AccessKeyHeader, key);
        }

        return await client.SendAsync(request);
    }

    private SourceCounts Activity() => host.Services.GetRequiredService<SourceActivity>().Snapshot(FirehoseEndpoint.Source);
}
