using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Reports.Tests.Reports;

/// <summary>A past shift's report through the real API, produced from the queue's intervals and the room's records.</summary>
public sealed class ShiftReportApiTests(EndedShiftHost host) : IClassFixture<EndedShiftHost>
{
    private async Task<JsonElement> ReportAsync(HttpClient client)
    {
        await host.Seeded;
        return await client.GetFromJsonAsync<JsonElement>($"/api/reports/shifts?shift=late&day={host.Day}");
    }

    [Fact]
    public async Task QueueAndBoardFigures_AreTheShiftsIntervalsAddedUp()
    {
        using var viewer = await host.SignInAsync("viewer");

        var report = await ReportAsync(viewer);

        report.GetProperty("shift").GetString().Should().Be("late");
        var a = report.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "rp-a").GetProperty("figures");
        a.GetProperty("offered").GetInt32().Should().Be(4, "the contact before the shift is not in it");
        a.GetProperty("answered").GetInt32().Should().Be(2);
        a.GetProperty("abandoned").GetInt32().Should().Be(2);
        a.GetProperty("shortAbandoned").GetInt32().Should().Be(1);
        a.GetProperty("serviceLevel").GetDouble().Should().Be(33.33, "1 answered within 20 s of 2 answered + 1 long abandon");
        a.GetProperty("asa").GetDouble().Should().Be(25);
        a.GetProperty("aht").GetDouble().Should().Be(90);
        a.GetProperty("abandonRate").GetDouble().Should().Be(33.33);
        a.GetProperty("openCallbacks").GetInt32().Should().Be(2, "both abandons are still on the worklist");
        a.GetProperty("peakOffered").GetInt32().Should().Be(4);
        var board = report.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "rp-board").GetProperty("figures");
        board.GetProperty("offered").GetInt32().Should().Be(5);
        board.GetProperty("answered").GetInt32().Should().Be(3);
        board.GetProperty("asa").GetDouble().Should().Be(18.33);
        report.GetProperty("endRecorded").GetBoolean().Should().BeFalse("this host was not asked to record the end");
    }

    [Fact]
    public async Task Csv_HasABoardRowThenQueueRows_WithTheSameFigures()
    {
        using var viewer = await host.SignInAsync("viewer");
        var json = await ReportAsync(viewer);

        var csv = await viewer.GetStringAsync($"/api/reports/shifts?shift=late&day={host.Day}&format=csv");

        var lines = csv.TrimEnd('\n').Split('\n');
        lines[0].Should().StartWith("shift,day,start,end,kind,id,name,offered,answered,abandoned,shortAbandoned,serviceLevel");
        lines.Should().Contain(l => l.Contains(",board,rp-board,Client RP,5,3,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains(",queue,rp-a,rp-a,4,2,2,1,33.33,33.33,25,90,", StringComparison.Ordinal));
        lines.Length.Should().Be(1 + json.GetProperty("boards").GetArrayLength() + json.GetProperty("queues").GetArrayLength());
    }

    [Fact]
    public async Task ShiftList_NamesEachShiftWithItsLastEndedOccurrence()
    {
        using var viewer = await host.SignInAsync("viewer");

        var shifts = await viewer.GetFromJsonAsync<JsonElement>("/api/reports/shifts");

        var late = shifts.EnumerateArray().Should().ContainSingle().Subject;
        late.GetProperty("name").GetString().Should().Be("late");
        late.GetProperty("timeZone").GetString().Should().Be("UTC");
        late.GetProperty("lastEnded").GetProperty("end").GetDateTimeOffset().Should().Be(host.ShiftEnd);
    }

    [Fact]
    public async Task BadQueries_GetProblemDocuments()
    {
        using var viewer = await host.SignInAsync("viewer");
        using var anonymous = host.AnonymousClient();

        using var unknown = await viewer.GetAsync("/api/reports/shifts?shift=nights");
        using var badDay = await viewer.GetAsync("/api/reports/shifts?shift=late&day=30/11/2026");
        using var notEnded = await viewer.GetAsync($"/api/reports/shifts?shift=late&day={DateTime.UtcNow.AddDays(2):yyyy-MM-dd}");
        using var signedOut = await anonymous.GetAsync("/api/reports/shifts");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badDay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        notEnded.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notEnded.Content.ReadAsStringAsync()).Should().Contain("has not ended");
        unknown.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        signedOut.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
