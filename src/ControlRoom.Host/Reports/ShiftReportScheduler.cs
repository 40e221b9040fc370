using System.Text.Json;
using ControlRoom.Contracts.Reports;
using ControlRoom.Domain.Reports;
using ControlRoom.Host.Alerts;
using ControlRoom.Host.Live;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Reports;

/// <summary>
/// At every configured shift's end: records the queues' open contacts (only that moment knows them), and, on the one
/// node that recorded it first, produces the report and delivers it to the webhooks (signed and retried as alerts are)
/// and by e-mail. Waits on the room's clock, so a test moves it with a fake one.
/// </summary>
public sealed partial class ShiftReportScheduler(
    ShiftReportService reports,
    IGrainFactory grains,
    WebhookDispatcher webhooks,
    ReportMailer mailer,
    IOptions<ReportOptions> options,
    [FromKeyedServices(ReportsExtensions.ClockKey)] TimeProvider clock,
    ILogger<ShiftReportScheduler> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = CreateJson();
    private static readonly TimeSpan[] MailRetries = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>Raised after a shift's report was produced and handed to delivery (tests and logs follow it).</summary>
    public event Action<ShiftReportDocument>? Delivered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (reports.Shifts.Count == 0)
        {
            return;
        }

        // Read before the first await, so the first end waited for is the first after the host started.
        var after = clock.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (shift, window) = reports.Shifts.Select(s => (s, w: s.NextEnd(after, reports.ZoneOf(s)))).MinBy(p => p.w.End);
                var wait = window.End - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }

                after = window.End;
                await EndAsync(shift, window, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task EndAsync(ShiftDefinition shift, ShiftWindow window, CancellationToken stoppingToken)
    {
        try
        {
            var occurrence = ShiftReportDocument.Occurrence(shift.Name, window.Day);
            if (!await grains.GetGrain<IShiftArchiveGrain>(0).RecordEnd(occurrence, await reports.OpenNowAsync(shift)))
            {
                return; // another node recorded this end and delivers it
            }

            var report = await reports.ProduceAsync(shift, window.Day);
            LogProduced(occurrence, report.Boards.Count, report.Queues.Count);
            if (options.Value.Webhooks)
            {
                webhooks.Broadcast("shiftReport", JsonSerializer.Serialize(new { @event = "shiftReport", report }, Json));
            }

            Delivered?.Invoke(report);
            if (mailer.IsConfigured)
            {
                _ = MailAsync(report, occurrence, stoppingToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, shift.Name, window.Day);
        }
    }

    /// <summary>Sent beside the next shift's wait, so a slow mail server delays nothing; retried a few times.</summary>
    private async Task MailAsync(ShiftReportDocument report, string occurrence, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await mailer.SendAsync(report, stoppingToken);
                LogMailed(occurrence);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < MailRetries.Length)
            {
                LogMailRetry(ex, occurrence, MailRetries[attempt]);
                await Task.Delay(MailRetries[attempt], clock, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMailGaveUp(ex, occurrence);
                return;
            }
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions();
        LiveExtensions.UseContractJson(json);
        return json;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shift report {Occurrence} produced: {Boards} boards, {Queues} queues")]
    private partial void LogProduced(string occurrence, int boards, int queues);

    [LoggerMessage(Level = LogLevel.Error, Message = "The report of shift {Shift} on {Day} could not be produced")]
    private partial void LogFailed(Exception exception, string shift, DateOnly day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shift report {Occurrence} e-mailed")]
    private partial void LogMailed(string occurrence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shift report {Occurrence} could not be e-mailed; retrying in {Delay}")]
    private partial void LogMailRetry(Exception exception, string occurrence, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up e-mailing shift report {Occurrence}")]
    private partial void LogMailGaveUp(Exception exception, string occurrence);
}
