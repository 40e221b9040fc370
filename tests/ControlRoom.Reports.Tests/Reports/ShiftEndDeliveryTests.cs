using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Reports;
using ControlRoom.Reports.Tests.Callbacks;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Reports.Tests.Reports;

/// <summary>
/// End to end on a fake clock: the shift's end comes when the test moves the clock there, and the report goes out
/// to a real webhook receiver (signed) and to a real SMTP server; the open contacts recorded then stay in the report.
/// </summary>
public sealed class ShiftEndDeliveryTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    [Fact]
    public async Task AtTheShiftsEnd_TheReportIsPostedSignedAndMailed_WithWhatWasOpenThen()
    {
        await using var host = new ShiftHost(new ReportReceiver(), smtp, TimeSpan.FromMinutes(3));
        await host.InitializeAsync();
        var scheduler = host.Services.GetRequiredService<ShiftReportScheduler>();
        var delivered = new TaskCompletionSource<ShiftReportDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Delivered += r => delivered.TrySetResult(r);
        using var api = host.ApiClient();
        var t = DateTimeOffset.UtcNow.AddMinutes(-30);
        await api.PostAcceptedAsync(
            Offered("de-1", "de-q", t), Answered("de-1", "ag-1", t.AddSeconds(12)), Ended("de-1", t.AddSeconds(72)),
            Offered("de-wait", "de-q", DateTimeOffset.UtcNow.AddSeconds(-90)));
        await api.AbandonAsync("de-2", "de-q", "cust-de", TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(20));
        delivered.Task.IsCompleted.Should().BeFalse("the shift has not ended on the room's clock");

        host.Clock.Advance(host.ShiftEnd - host.Clock.GetUtcNow());
        var report = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var posted = await host.Receiver.NextAsync("shiftReport");

        report.Shift.Should().Be("late");
        report.End.Should().Be(host.ShiftEnd);
        report.EndRecorded.Should().BeTrue();
        var queue = report.Queues.Single(q => q.Id == "de-q").Figures;
        (queue.Offered, queue.Answered, queue.Abandoned, queue.OpenCallbacks).Should().Be((3, 1, 1, 1));
        queue.BacklogAtEnd.Should().Be(1, "one contact was still waiting when the shift ended");
        posted.Verified.Should().BeTrue("the report is signed as alert webhooks are");
        var postedQueue = posted.Body.GetProperty("report").GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "de-q");
        postedQueue.GetProperty("figures").GetProperty("backlogAtEnd").GetInt32().Should().Be(1);

        var mail = await Eventually.UntilAsync(() => Task.FromResult(smtp.Messages()), m => m.Count > 0, "the report's e-mail");
        mail.Should().ContainSingle();
        mail[0].Should().Contain("Subject: ControlRoom shift report: late " + host.Day)
            .And.Contain("To: leads@example.org")
            .And.Contain($"shift-late-{host.Day}.csv");

        // The same report is produced again later from the intervals, with the open contacts recorded at the end.
        using var viewer = await host.SignInAsync("viewer");
        var again = await viewer.GetFromJsonAsync<JsonElement>($"/api/reports/shifts?shift=late&day={host.Day}");
        again.GetProperty("endRecorded").GetBoolean().Should().BeTrue();
        again.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "de-q")
            .GetProperty("figures").GetProperty("backlogAtEnd").GetInt32().Should().Be(1);
        host.Day.Should().Be(host.ShiftStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
