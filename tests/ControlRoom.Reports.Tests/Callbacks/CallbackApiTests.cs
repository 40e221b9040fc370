using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Reports.Tests.Callbacks;

/// <summary>The worklist through HTTP on the real host: abandons listed, acted on, closed by themselves, and who may act.</summary>
public sealed class CallbackApiTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task AbandonedContact_IsListedOpen_WithItsCustomerAndWait()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-list-1", "cb-list", "+39 02 555 0101", TimeSpan.FromSeconds(40));
        using var viewer = await host.SignInAsync("viewer");

        var list = await viewer.GetFromJsonAsync<JsonElement>("/api/callbacks?queueId=cb-list&status=open");

        var entry = list.EnumerateArray().Should().ContainSingle().Subject;
        entry.GetProperty("interactionId").GetString().Should().Be("cb-list-1");
        entry.GetProperty("customerId").GetString().Should().Be("+39 02 555 0101");
        entry.GetProperty("status").GetString().Should().Be("open");
        entry.GetProperty("waitSeconds").GetDouble().Should().BeApproximately(40, 0.01);
        entry.GetProperty("shortAbandon").GetBoolean().Should().BeFalse();
        entry.GetProperty("timeline")[0].GetProperty("action").GetString().Should().Be("abandoned");
    }

    [Fact]
    public async Task AbandonWithinTheShortThreshold_IsMarkedShort_AsTheKpisCountIt()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-short-1", "cb-short", "cust-s1", TimeSpan.FromSeconds(4));
        await api.AbandonAsync("cb-short-2", "cb-short", "cust-s2", TimeSpan.FromSeconds(6));

        var list = await api.GetFromJsonAsync<JsonElement>("/api/callbacks?queueId=cb-short");

        list.EnumerateArray().ToDictionary(e => e.GetProperty("interactionId").GetString()!, e => e.GetProperty("shortAbandon").GetBoolean())
            .Should().BeEquivalentTo(new Dictionary<string, bool> { ["cb-short-1"] = true, ["cb-short-2"] = false });
    }

    [Fact]
    public async Task OpenOnes_ComeOldestFirst()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-order-new", "cb-order", "cust-o1", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
        await api.AbandonAsync("cb-order-old", "cb-order", "cust-o2", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(20));

        var list = await api.GetFromJsonAsync<JsonElement>("/api/callbacks?queueId=cb-order");

        list.EnumerateArray().Select(e => e.GetProperty("interactionId").GetString()).Should().Equal("cb-order-old", "cb-order-new");
    }

    [Fact]
    public async Task LeadClaimsAndCallsBack_EachStepAuditedWithWhoAndWhat()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-act-1", "cb-act", "cust-a1", TimeSpan.FromSeconds(50));
        using var lead = await host.SignInAsync("lead");

        using var claim = await lead.PostAsJsonAsync("/api/callbacks/cb-act-1/claim", new { note = "mine" });
        using var done = await lead.PostAsJsonAsync("/api/callbacks/cb-act-1/done", new { outcome = "reached", note = "pays tomorrow" });

        claim.StatusCode.Should().Be(HttpStatusCode.OK);
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        var entry = await lead.EntryAsync("cb-act", "cb-act-1");
        entry.GetProperty("status").GetString().Should().Be("done");
        entry.GetProperty("outcome").GetString().Should().Be("reached");
        entry.GetProperty("closedBy").GetString().Should().Be("lead");
        entry.GetProperty("timeline").EnumerateArray().Select(t => (t.GetProperty("action").GetString(), t.GetProperty("actor").GetString(), t.GetProperty("note").GetString()))
            .Should().Equal(("abandoned", "system", null), ("claimed", "lead", "mine"), ("done", "lead", "pays tomorrow"));
        (await lead.GetFromJsonAsync<JsonElement>("/api/callbacks?queueId=cb-act&status=open")).GetArrayLength().Should().Be(0);

        using var again = await lead.PostAsJsonAsync("/api/callbacks/cb-act-1/done", new { outcome = "reached" });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SameCustomerAnsweredLaterOnAnotherQueue_ClosesItByItself()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-auto-1", "cb-auto", "cust-auto", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

        await api.AnswerAsync("cb-auto-2", "cb-auto-other", "cust-auto", DateTimeOffset.UtcNow.AddMinutes(-10));

        var entry = await api.EntryAsync("cb-auto", "cb-auto-1");
        entry.GetProperty("status").GetString().Should().Be("autoClosed");
        entry.GetProperty("answeredBy").GetString().Should().Be("cb-auto-2");
        entry.GetProperty("calledAgainAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task RepeatedEvents_ListTheAbandonOnce()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-dup-1", "cb-dup", "cust-d", TimeSpan.FromSeconds(30));
        var before = await api.EntryAsync("cb-dup", "cb-dup-1");

        await api.AbandonAsync("cb-dup-1", "cb-dup", "cust-d", TimeSpan.FromSeconds(30));

        (await api.GetFromJsonAsync<JsonElement>("/api/callbacks?queueId=cb-dup")).GetArrayLength().Should().Be(1);
        (await api.EntryAsync("cb-dup", "cb-dup-1")).GetProperty("version").GetInt32().Should().Be(before.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("planner")]
    [InlineData(null)]
    public async Task OnlyTeamLeadsAndAdmins_Act_ViewersPlannersAndKeysGet403(string? user)
    {
        var id = "cb-403-" + (user ?? "key");
        using var api = host.ApiClient();
        await api.AbandonAsync(id, "cb-403", "cust-" + id, TimeSpan.FromSeconds(30));
        using var client = user is null ? host.ApiClient() : await host.SignInAsync(user);

        using var claim = await client.PostAsJsonAsync($"/api/callbacks/{id}/claim", new { note = "x" });
        using var done = await client.PostAsJsonAsync($"/api/callbacks/{id}/done", new { outcome = "reached" });

        claim.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        done.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await api.EntryAsync("cb-403", id)).GetProperty("status").GetString().Should().Be("open");
    }

    [Fact]
    public async Task Anonymous_Gets401()
    {
        using var anonymous = host.AnonymousClient();

        using var read = await anonymous.GetAsync("/api/callbacks");
        using var act = await anonymous.PostAsJsonAsync("/api/callbacks/x/claim", new { });

        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        act.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadInput_GetsAProblemDocument_AndChangesNothing()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-bad-1", "cb-bad", "cust-b", TimeSpan.FromSeconds(30));
        using var lead = await host.SignInAsync("lead");

        using var badStatus = await lead.GetAsync("/api/callbacks?status=bogus");
        using var badRange = await lead.GetAsync("/api/callbacks?from=2026-11-30T10:00:00Z&to=2026-11-30T09:00:00Z");
        using var noOutcome = await lead.PostAsJsonAsync("/api/callbacks/cb-bad-1/done", new { note = "?" });
        using var numberOutcome = await lead.PostAsJsonAsync("/api/callbacks/cb-bad-1/done", new { outcome = "1" });
        using var unknown = await lead.PostAsJsonAsync("/api/callbacks/nobody-ever/claim", new { });

        foreach (var response in new[] { badStatus, badRange, noOutcome, numberOutcome })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await lead.EntryAsync("cb-bad", "cb-bad-1")).GetProperty("status").GetString().Should().Be("open");
    }

    [Fact]
    public async Task Csv_HasOneRowPerEntry_WithTheSameFigures()
    {
        using var api = host.ApiClient();
        await api.AbandonAsync("cb-csv-1", "cb-csv", "=cmd|calc", TimeSpan.FromSeconds(42));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/callbacks?queueId=cb-csv");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await api.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        var viaQuery = await api.GetStringAsync("/api/callbacks?queueId=cb-csv&format=csv");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("interactionId,queueId,channel,customerId,offeredAt,abandonedAt,waitSeconds,shortAbandon,status");
        lines[1].Should().StartWith("cb-csv-1,cb-csv,voice,'=cmd|calc,").And.Contain(",42,false,open,");
        viaQuery.Should().Be(string.Join('\n', lines) + "\n");
    }
}
