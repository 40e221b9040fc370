using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Ingest;

public sealed class IngestTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    // Figures are read from rolling30m, not today: events a few seconds or minutes old fall on yesterday in the
    // queue's zone (Europe/Rome) when the suite runs just after local midnight.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task ValidBatch_IsAcceptedAndReflectedInTheQueue()
    {
        using var client = host.ApiClient();

        var body = await client.PostAcceptedAsync(
            Offered("ing-1", "ingest-ok", Now.AddSeconds(-30)),
            Answered("ing-1", "agent-ing", Now.AddSeconds(-20)));

        body.GetProperty("accepted").GetInt32().Should().Be(2);
        body.GetProperty("duplicates").GetInt32().Should().Be(0);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-ok");
        queue.GetProperty("rolling30m").GetProperty("offered").GetInt32().Should().Be(1);
        queue.GetProperty("rolling30m").GetProperty("answered").GetInt32().Should().Be(1);
        queue.GetProperty("rolling30m").GetProperty("asa").GetDouble().Should().BeApproximately(10, 0.001);
    }

    [Fact]
    public async Task AnswerWithoutItsOffer_CountsInTheQueueItNames_UntilTheOfferCorrectsIt()
    {
        using var client = host.ApiClient();
        var answered = Answered("orph-1", "agent-orph", Now.AddSeconds(-20));
        answered["queueId"] = "ingest-orphan";

        await client.PostAcceptedAsync(answered);
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-orphan")).GetProperty("rolling30m");
        await client.PostAcceptedAsync(Offered("orph-1", "ingest-orphan", Now.AddSeconds(-50)));
        var after = (await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-orphan")).GetProperty("rolling30m");

        before.GetProperty("offered").GetInt32().Should().Be(1);
        before.GetProperty("answered").GetInt32().Should().Be(1);
        before.GetProperty("offerMissing").GetInt32().Should().Be(1);
        after.GetProperty("offered").GetInt32().Should().Be(1);
        after.GetProperty("offerMissing").GetInt32().Should().Be(0);
        after.GetProperty("asa").GetDouble().Should().BeApproximately(30, 0.001);
    }

    [Fact]
    public async Task RepeatedEventIds_CountAsDuplicatesAndChangeNothing()
    {
        using var client = host.ApiClient();
        var offered = Offered("dup-1", "ingest-dup", Now.AddSeconds(-5));
        await client.PostAcceptedAsync(offered);

        var again = await client.PostAcceptedAsync(offered, Offered("dup-2", "ingest-dup", Now.AddSeconds(-4)));

        again.GetProperty("accepted").GetInt32().Should().Be(1);
        again.GetProperty("duplicates").GetInt32().Should().Be(1);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-dup");
        queue.GetProperty("rolling30m").GetProperty("offered").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task InvalidBatch_IsRejectedWholeWithProblemDetailsNamingEachBadEvent()
    {
        using var client = host.ApiClient();
        var good = Offered("bad-1", "ingest-bad", Now.AddSeconds(-10));
        var noQueue = Offered("bad-2", "ingest-bad", Now.AddSeconds(-9));
        noQueue.Remove("queueId");
        var badTime = Offered("bad-3", "ingest-bad", Now);
        badTime["occurredAt"] = "yesterday";

        using var response = await client.PostEventsAsync(good, noQueue, badTime);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.Select(e => e.GetProperty("index").GetInt32()).Should().Equal(1, 2);
        errors[0].GetProperty("eventId").GetString().Should().Be("bad-2-offered");
        errors[0].GetProperty("errors").EnumerateArray().Select(e => e.GetString()).Should().Contain(m => m!.Contains("queueId"));
        errors[1].GetProperty("errors").EnumerateArray().Select(e => e.GetString()).Should().Contain(m => m!.Contains("occurredAt"));
        using var queue = await client.GetAsync("/api/queues/ingest-bad");
        queue.StatusCode.Should().Be(HttpStatusCode.NotFound, "no event of a rejected batch may be applied");
    }

    [Fact]
    public async Task Ndjson_IsAccepted()
    {
        using var client = host.ApiClient();
        var lines = string.Join('\n', Offered("nd-1", "ingest-nd", Now.AddSeconds(-3)).ToJsonString(), Offered("nd-2", "ingest-nd", Now.AddSeconds(-2)).ToJsonString());

        using var response = await client.PostAsync("/api/events", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-nd");
        queue.GetProperty("waiting").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Ndjson_WrittenLineByLine_IsAccepted_WithItsTextIntact()
    {
        using var client = host.ApiClient();
        var offered = Offered("nd-utf-1", "ingest-nd-utf", Now.AddSeconds(-3));
        offered["attributes"] = new System.Text.Json.Nodes.JsonObject { ["nota"] = "caffè ☕ già pronto" };
        var lines = new[] { offered.ToJsonString(), Offered("nd-utf-2", "ingest-nd-utf", Now.AddSeconds(-2)).ToJsonString() };

        using var response = await client.PostAsync("/api/events", new ControlRoom.Contracts.Events.NdjsonContent(lines));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32().Should().Be(2);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-nd-utf");
        queue.GetProperty("waiting").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task NdjsonContent_IsTheLinesInUtf8_EachEndedByALineBreak_AndDeclaresItsExactLength()
    {
        // Lines longer than the content's buffer, with characters of two to four bytes, straddling its flushes.
        var lines = Enumerable.Range(0, 40).Select(i => new string('x', i * 1_700) + "è☕𝄞" + i).ToArray();
        using var content = new ControlRoom.Contracts.Events.NdjsonContent(lines);

        var bytes = await content.ReadAsByteArrayAsync();

        Encoding.UTF8.GetString(bytes).Should().Be(string.Concat(lines.Select(l => l + "\n")));
        content.Headers.ContentLength.Should().Be(bytes.Length);
        content.Headers.ContentType!.ToString().Should().Be("application/x-ndjson; charset=utf-8");
    }

    [Fact]
    public async Task MalformedJson_GetsProblemDetails()
    {
        using var client = host.ApiClient();

        using var response = await client.PostAsync("/api/events", new StringContent("[{\"eventId\":", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task OversizedBatch_Gets413()
    {
        using var client = host.ApiClient();
        var events = Enumerable.Range(0, 10_001).Select(i => Offered($"big-{i}", "ingest-big", Now)).ToArray();

        using var response = await client.PostEventsAsync(events);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        using var queue = await client.GetAsync("/api/queues/ingest-big");
        queue.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RingNoAnswer_IsAccepted_AndTheContactStaysWaitingInItsQueue()
    {
        using var client = host.ApiClient();
        var rona = new System.Text.Json.Nodes.JsonObject
        {
            ["eventId"] = "rona-1-rona",
            ["type"] = "interaction.ring_no_answer",
            ["occurredAt"] = Time(Now.AddSeconds(-15)),
            ["interactionId"] = "rona-1",
            ["agentId"] = "agent-rona",
            ["ringSeconds"] = 15.5,
        };

        var body = await client.PostAcceptedAsync(Offered("rona-1", "ingest-rona", Now.AddSeconds(-30)), rona);

        body.GetProperty("accepted").GetInt32().Should().Be(2);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/ingest-rona");
        queue.GetProperty("waiting").GetInt32().Should().Be(1, "a contact that rang out at an agent is still waiting");
        queue.GetProperty("rolling30m").GetProperty("offered").GetInt32().Should().Be(1);
        queue.GetProperty("rolling30m").GetProperty("answered").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData(null, 12.0, "agentId is required")]
    [InlineData("agent-rona", -1.0, "ringSeconds -1 is outside 0-3600")]
    [InlineData("agent-rona", 15000.0, "ringSeconds 15000 is outside 0-3600")]
    public async Task RingNoAnswer_WithoutItsAgentOrWithAnImpossibleRing_IsRejected(string? agentId, double ringSeconds, string reason)
    {
        using var client = host.ApiClient();
        var rona = new System.Text.Json.Nodes.JsonObject
        {
            ["eventId"] = "rona-bad",
            ["type"] = "interaction.ring_no_answer",
            ["occurredAt"] = Time(Now),
            ["interactionId"] = "rona-bad",
            ["agentId"] = agentId,
            ["ringSeconds"] = ringSeconds,
        };

        using var response = await client.PostEventsAsync(rona);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors")[0].GetProperty("errors").EnumerateArray().Select(e => e.GetString()).Should().Contain(reason);
    }
}
