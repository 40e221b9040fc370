using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Alerts.Tests;

/// <summary>The alert lifecycle through HTTP on the real host: breach, list, act, audit, and who may act.</summary>
public sealed class AlertApiTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task Breach_OpensOneCriticalAlert_WithItsRunbook_InTheApi()
    {
        await using var signals = await AlertSignals.StartAsync(host);
        await AlertSignals.BreachAsync(host, "al-open");
        await signals.NextAsync("al-open", "raised");
        using var lead = await host.SignInAsync("lead");

        var alerts = await lead.GetFromJsonAsync<JsonElement>("/api/alerts?queueId=al-open&status=open");

        var alert = alerts.EnumerateArray().Should().ContainSingle().Subject;
        alert.GetProperty("ruleId").GetString().Should().Be("longest-wait");
        alert.GetProperty("severity").GetString().Should().Be("critical");
        alert.GetProperty("status").GetString().Should().Be("open");
        alert.GetProperty("runbook").GetString().Should().Contain("oldest contact");
        alert.GetProperty("timeline")[0].GetProperty("action").GetString().Should().Be("raised");
    }

    [Fact]
    public async Task LeadAcknowledgesWithANote_TheTimelineRecordsWhoAndWhat()
    {
        await using var signals = await AlertSignals.StartAsync(host);
        await AlertSignals.BreachAsync(host, "al-ack");
        var id = (await signals.NextAsync("al-ack", "raised")).GetProperty("id").GetString();
        using var lead = await host.SignInAsync("lead");

        using var response = await lead.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "moving two agents" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var alert = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        alert.GetProperty("status").GetString().Should().Be("acknowledged");
        alert.GetProperty("acknowledgedBy").GetString().Should().Be("lead");
        var entry = alert.GetProperty("timeline")[1];
        entry.GetProperty("action").GetString().Should().Be("acknowledged");
        entry.GetProperty("actor").GetString().Should().Be("lead");
        entry.GetProperty("note").GetString().Should().Be("moving two agents");
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("planner")]
    public async Task PeopleWithoutTheTeamLeadRole_CannotAcknowledge(string user)
    {
        var id = await RaiseAsync($"al-403-{user}");
        using var client = await host.SignInAsync(user);

        using var response = await client.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "mine" });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await StatusOf(id)).Should().Be("open");
    }

    [Fact]
    public async Task ApiKey_CanReadAlerts_ButCannotAcknowledge()
    {
        var id = await RaiseAsync("al-key");
        using var machine = host.ApiClient();

        using var read = await machine.GetAsync($"/api/alerts/{id}");
        using var act = await machine.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "machine" });

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        act.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await StatusOf(id)).Should().Be("open");
    }

    [Fact]
    public async Task EveryAction_IsForbiddenToViewersPlannersAndApiKeys_AndUnauthorizedAnonymously()
    {
        var id = await RaiseAsync("al-matrix");
        var clients = new Dictionary<string, HttpClient>
        {
            ["viewer"] = await host.SignInAsync("viewer"),
            ["planner"] = await host.SignInAsync("planner"),
            ["api-key"] = host.ApiClient(),
            ["anonymous"] = host.AnonymousClient(),
        };
        var actions = new Dictionary<string, object>
        {
            ["acknowledge"] = new { note = "x" },
            ["snooze"] = new { minutes = 5 },
            ["assign"] = new { assignee = "lead" },
            ["resolve"] = new { reason = "x" },
        };

        var answers = new List<string>();
        foreach (var (who, client) in clients)
        {
            foreach (var (action, body) in actions)
            {
                using var response = await client.PostAsJsonAsync($"/api/alerts/{id}/{action}", body);
                answers.Add($"{who} {action} {(int)response.StatusCode}");
            }

            client.Dispose();
        }

        answers.Should().Equal(
            "viewer acknowledge 403", "viewer snooze 403", "viewer assign 403", "viewer resolve 403",
            "planner acknowledge 403", "planner snooze 403", "planner assign 403", "planner resolve 403",
            "api-key acknowledge 403", "api-key snooze 403", "api-key assign 403", "api-key resolve 403",
            "anonymous acknowledge 401", "anonymous snooze 401", "anonymous assign 401", "anonymous resolve 401");
        (await StatusOf(id)).Should().Be("open");
    }

    [Fact]
    public async Task Admin_CanActOnAlerts()
    {
        var id = await RaiseAsync("al-admin");
        using var admin = await host.SignInAsync("admin");

        using var response = await admin.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = "lead" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignedTo").GetString().Should().Be("lead");
    }

    [Fact]
    public async Task Anonymous_Gets401_OnReadAndAct()
    {
        using var anonymous = host.AnonymousClient();

        using var list = await anonymous.GetAsync("/api/alerts");
        using var act = await anonymous.PostAsJsonAsync("/api/alerts/x-1/acknowledge", new { note = "who" });

        list.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        act.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AcknowledgingTwice_Is409ProblemDetails()
    {
        var id = await RaiseAsync("al-twice");
        using var lead = await host.SignInAsync("lead");
        using var admin = await host.SignInAsync("admin");
        (await lead.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).EnsureSuccessStatusCode();

        using var second = await admin.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { });

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        second.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("already acknowledged by lead");
        problem.EnumerateObject().Where(p => p.Name == "status").Should().ContainSingle("RFC 9457 has one status, the HTTP one")
            .Which.Value.GetInt32().Should().Be(409);
        problem.GetProperty("alertStatus").GetString().Should().Be("acknowledged");
    }

    [Fact]
    public async Task BadInput_Is400ProblemDetails_AndChangesNothing()
    {
        var id = await RaiseAsync("al-bad");
        using var lead = await host.SignInAsync("lead");

        using var noReason = await lead.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { reason = "" });
        using var zeroSnooze = await lead.PostAsJsonAsync($"/api/alerts/{id}/snooze", new { minutes = 0 });
        using var nobody = await lead.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = "viewer" });
        using var badStatus = await lead.GetAsync("/api/alerts?status=sleeping");

        foreach (var response in new[] { noReason, zeroSnooze, nobody, badStatus })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        var alert = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        alert.GetProperty("status").GetString().Should().Be("open");
        alert.GetProperty("timeline").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task UnknownAlert_Is404()
    {
        using var lead = await host.SignInAsync("lead");

        using var read = await lead.GetAsync("/api/alerts/nowhere-42");
        using var act = await lead.PostAsJsonAsync("/api/alerts/not-an-id/acknowledge", new { });

        read.StatusCode.Should().Be(HttpStatusCode.NotFound);
        act.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SnoozeAssignAndResolve_ByALead_AreAllInTheTimeline()
    {
        var id = await RaiseAsync("al-flow");
        using var lead = await host.SignInAsync("lead");

        (await lead.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = "admin", note = "yours" })).EnsureSuccessStatusCode();
        using var snoozed = await lead.PostAsJsonAsync($"/api/alerts/{id}/snooze", new { minutes = 30 });
        (await lead.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { reason = "queue closed early" })).EnsureSuccessStatusCode();

        var afterSnooze = await snoozed.Content.ReadFromJsonAsync<JsonElement>();
        var snoozedUntil = afterSnooze.GetProperty("snoozedUntil").GetDateTimeOffset();
        snoozedUntil.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(30), TimeSpan.FromMinutes(1));
        var alert = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        alert.GetProperty("status").GetString().Should().Be("resolved");
        alert.GetProperty("assignedTo").GetString().Should().Be("admin");
        alert.GetProperty("resolution").GetString().Should().Be("queue closed early");
        alert.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString())
            .Should().Equal("raised", "assigned", "snoozed", "resolved");
    }

    [Fact]
    public async Task ConditionClearing_ResolvesTheAlertBySystem()
    {
        await using var signals = await AlertSignals.StartAsync(host);
        await AlertSignals.BreachAsync(host, "al-auto");
        var id = (await signals.NextAsync("al-auto", "raised")).GetProperty("id").GetString();

        await AlertSignals.ClearAsync(host, "al-auto");
        var resolved = await signals.NextAsync("al-auto", "resolved");

        resolved.GetProperty("id").GetString().Should().Be(id);
        resolved.GetProperty("resolvedBy").GetString().Should().Be("system");

        // Not "0:00 against 2:00": the value that raised it and the worst stay beside the one it recovered at.
        var raisedAt = resolved.GetProperty("raisedValue").GetDouble();
        raisedAt.Should().BeGreaterThanOrEqualTo(150);
        resolved.GetProperty("worstValue").GetDouble().Should().BeGreaterThanOrEqualTo(raisedAt);
        resolved.GetProperty("recoveredValue").GetDouble().Should().Be(0);
        resolved.GetProperty("timeline").EnumerateArray().Last().GetProperty("note").GetString()
            .Should().StartWith("Condition cleared at 0 against 60 (raised at ");
    }

    [Fact]
    public async Task Csv_ListsTheAlertsWithQuotedFreeText()
    {
        var id = await RaiseAsync("al-csv");
        using var lead = await host.SignInAsync("lead");
        (await lead.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { reason = "fixed, \"finally\"" })).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts?queueId=al-csv");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await lead.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        lines[0].Should().StartWith("id,queueId,ruleId,metric,severity,status,");
        lines.Should().HaveCount(2);
        lines[0].Should().EndWith(",resolution,raisedValue,worstValue,recoveredValue");
        lines[1].Should().StartWith($"{id},al-csv,longest-wait,longestWaitSeconds,critical,resolved,").And.Contain(",lead,\"fixed, \"\"finally\"\"\",")
            .And.EndWith(",", "a manual resolution has no recovered value");
    }

    [Fact]
    public async Task ListFilters_ByTimeWindow()
    {
        var id = await RaiseAsync("al-window");
        using var lead = await host.SignInAsync("lead");
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-2).ToString("O"));
        var yesterday = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));

        var before = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts?queueId=al-window&from={past}&to={yesterday}");
        var since = await lead.GetFromJsonAsync<JsonElement>($"/api/alerts?queueId=al-window&from={yesterday}");

        before.GetArrayLength().Should().Be(0);
        since.EnumerateArray().Should().ContainSingle().Which.GetProperty("id").GetString().Should().Be(id);
    }

    private async Task<string> RaiseAsync(string queueId)
    {
        await using var signals = await AlertSignals.StartAsync(host);
        await AlertSignals.BreachAsync(host, queueId);
        return (await signals.NextAsync(queueId, "raised")).GetProperty("id").GetString()!;
    }

    private async Task<string?> StatusOf(string id)
    {
        using var machine = host.ApiClient();
        return (await machine.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}")).GetProperty("status").GetString();
    }
}
