using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Ingest;

/// <summary>A host as configured for real use: events older than 30 days are refused (the embedded default has no age limit).</summary>
public sealed class WindowedHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Ingest:MaxEventAge", "30.00:00:00"), new("Ingest:MaxEventAhead", "00:05:00")];
}

/// <summary>
/// Issue 14 item 1: a body means exactly one batch. Anything after the array, a property given twice, a control
/// character or a dot-only id, a time outside the window: a 400 naming the event, and nothing applied.
/// </summary>
public sealed class StrictBodyTests(WindowedHost host) : IClassFixture<WindowedHost>
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static TheoryData<string, string> TrailingInput => new()
    {
        { "words", " trailing" },
        { "an opened array", "[" },
        { "a NUL", "\0" },
        { "a second array", "[{\"type\":\"bogus\"}]" },
        { "a comment", " // more" },
        { "a second valid array", "[]" },
    };

    [Theory]
    [MemberData(nameof(TrailingInput))]
    public async Task AnythingAfterTheArray_RefusesTheWholeBody(string what, string trailing)
    {
        using var client = host.ApiClient();
        var queue = $"strict-trail-{Guid.NewGuid():N}"[..30];
        var body = new JsonArray(Offered($"tr-{queue}", queue, Now.AddSeconds(-5))).ToJsonString() + trailing;

        using var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a body with {0} after the array is not one JSON array", what);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        await ShouldNotExist(client, queue);
    }

    [Fact]
    public async Task WhitespaceAfterTheArray_IsFine()
    {
        using var client = host.ApiClient();
        var body = new JsonArray(Offered("tr-ws", "strict-ws", Now.AddSeconds(-5))).ToJsonString() + " \r\n\t ";

        using var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task TrailingCommasAndComments_AreNotJson()
    {
        using var client = host.ApiClient();
        var one = Offered("tr-comma", "strict-comma", Now.AddSeconds(-5)).ToJsonString();

        using var comma = await client.PostAsync("/api/events", new StringContent($"[{one},]", Encoding.UTF8, "application/json"));
        using var comment = await client.PostAsync("/api/events", new StringContent($"[/* x */{one}]", Encoding.UTF8, "application/json"));

        comma.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        comment.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await ShouldNotExist(client, "strict-comma");
    }

    [Fact]
    public async Task NdjsonLineWithTrailingInput_IsNamedByIndex()
    {
        using var client = host.ApiClient();
        var lines = Offered("nd-ok", "strict-nd", Now.AddSeconds(-5)).ToJsonString() + "\n"
            + Offered("nd-bad", "strict-nd", Now.AddSeconds(-4)).ToJsonString() + " {\"eventId\":\"x\"}\n";

        using var response = await client.PostAsync("/api/events", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));

        var errors = await InvalidEvents(response);
        errors.Should().ContainSingle().Which.GetProperty("index").GetInt32().Should().Be(1);
        await ShouldNotExist(client, "strict-nd");
    }

    [Fact]
    public async Task PropertyGivenTwice_IsRefused_NamingTheEventAndTheField()
    {
        using var client = host.ApiClient();
        var good = Offered("dp-1", "strict-dup", Now.AddSeconds(-5)).ToJsonString();
        var twice = Offered("dp-2", "strict-dup", Now.AddSeconds(-4)).ToJsonString().TrimEnd('}') + ",\"queueId\":\"elsewhere\"}";
        var attribute = Offered("dp-3", "strict-dup", Now.AddSeconds(-3)).ToJsonString().TrimEnd('}') + ",\"attributes\":{\"team\":\"a\",\"team\":\"b\"}}";

        using var response = await client.PostAsync("/api/events", new StringContent($"[{good},{twice},{attribute}]", Encoding.UTF8, "application/json"));

        var errors = await InvalidEvents(response);
        errors.Select(e => e.GetProperty("index").GetInt32()).Should().Equal(1, 2);
        Reasons(errors[0]).Should().Contain(r => r.Contains("queueId") && r.Contains("more than once"));
        Reasons(errors[1]).Should().Contain(r => r.Contains("attributes.team") && r.Contains("more than once"));
        await ShouldNotExist(client, "strict-dup");
    }

    [Theory]
    [InlineData("eventId", "e\u0000vil")]
    [InlineData("eventId", "line\nbreak")]
    [InlineData("interactionId", "esc\u001b[31m")]
    [InlineData("interactionId", "c1\u0085")]
    [InlineData("customerId", "cust\u007f")]
    public async Task ControlCharacterInAnId_IsRefused(string field, string value)
    {
        using var client = host.ApiClient();
        var good = Offered("cc-1", "strict-cc", Now.AddSeconds(-5));
        var bad = Offered("cc-2", "strict-cc", Now.AddSeconds(-4));
        bad[field] = value;

        using var response = await client.PostEventsAsync(good, bad);

        var errors = await InvalidEvents(response);
        errors.Should().ContainSingle().Which.GetProperty("index").GetInt32().Should().Be(1);
        Reasons(errors[0]).Should().Contain(r => r.Contains(field) && r.Contains("control characters"));
        await ShouldNotExist(client, "strict-cc");
    }

    [Theory]
    [InlineData("queueId", ".")]
    [InlineData("queueId", "..")]
    [InlineData("queueId", "....")]
    [InlineData("agentId", "..")]
    public async Task DotOnlyKey_IsRefused(string field, string value)
    {
        using var client = host.ApiClient();
        var bad = Answered("dot-1", "agent-dot", Now.AddSeconds(-4));
        bad["queueId"] = "strict-dot";
        bad[field] = value;

        using var response = await client.PostEventsAsync(Offered("dot-0", "strict-dot", Now.AddSeconds(-5)), bad);

        var errors = await InvalidEvents(response);
        errors.Should().ContainSingle().Which.GetProperty("index").GetInt32().Should().Be(1);
        Reasons(errors[0]).Should().Contain(r => r.Contains(field) && r.Contains("not only dots"));
        await ShouldNotExist(client, "strict-dot");
    }

    [Fact]
    public async Task KeyWithDotsAndMore_IsFine()
    {
        using var client = host.ApiClient();

        await client.PostAcceptedAsync(Offered("dot-ok", "..billing.it", Now.AddSeconds(-5)));

        using var read = await client.GetAsync("/api/queues/..billing.it");
        read.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(-31 * 24 * 60, "Ingest:MaxEventAge")]
    [InlineData(-20 * 365 * 24 * 60, "Ingest:MaxEventAge")]
    [InlineData(6, "Ingest:MaxEventAhead")]
    [InlineData(60 * 24 * 365, "Ingest:MaxEventAhead")]
    public async Task OccurredAtOutsideTheWindow_IsRefused_NamingTheLimit(int minutesFromNow, string limit)
    {
        using var client = host.ApiClient();
        var good = Offered("win-1", "strict-window", Now.AddSeconds(-5));
        var bad = Offered("win-2", "strict-window", Now.AddMinutes(minutesFromNow));

        using var response = await client.PostEventsAsync(good, bad);

        var errors = await InvalidEvents(response);
        errors.Should().ContainSingle().Which.GetProperty("index").GetInt32().Should().Be(1);
        errors[0].GetProperty("eventId").GetString().Should().Be("win-2-offered");
        Reasons(errors[0]).Should().Contain(r => r.Contains("occurredAt") && r.Contains(limit));
        await ShouldNotExist(client, "strict-window");
    }

    [Fact]
    public async Task OccurredAtInsideTheWindow_IsAccepted()
    {
        using var client = host.ApiClient();

        var body = await client.PostAcceptedAsync(
            Offered("win-ok-1", "strict-window-ok", Now.AddDays(-29)),
            Offered("win-ok-2", "strict-window-ok", Now.AddMinutes(4)));

        body.GetProperty("accepted").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task EveryBadEvent_IsListed_AndTheGoodOnesAreNotApplied()
    {
        using var client = host.ApiClient();
        var events = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            var e = Offered($"many-{i}", "strict-many", Now.AddSeconds(-30 + i));
            if (i % 5 == 0)
            {
                e["queueId"] = "..";
            }

            events.Add(e);
        }

        using var response = await client.PostEventsAsync([.. events]);

        var errors = await InvalidEvents(response);
        errors.Select(e => e.GetProperty("index").GetInt32()).Should().Equal(0, 5, 10, 15);
        await ShouldNotExist(client, "strict-many");
    }

    private static async Task<List<JsonElement>> InvalidEvents(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateArray()];
    }

    private static IEnumerable<string> Reasons(JsonElement error) =>
        error.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!);

    private static async Task ShouldNotExist(HttpClient client, string queueId)
    {
        using var queue = await client.GetAsync($"/api/queues/{queueId}");
        queue.StatusCode.Should().Be(HttpStatusCode.NotFound, "no event of a refused body may be applied");
    }
}
