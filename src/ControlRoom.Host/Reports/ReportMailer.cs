using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Reports;

/// <summary>
/// E-mails a shift's report over SMTP (<c>Reports:Smtp</c>): a plain-text summary per board and the CSV attached.
/// The text is English, as the webhooks and the CSV are; people read the page in their language.
/// </summary>
public sealed class ReportMailer(IOptions<ReportOptions> options)
{
    public bool IsConfigured => options.Value.Smtp.IsConfigured;

    public async Task SendAsync(ShiftReportDocument report, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var message = new MailMessage { From = new MailAddress(smtp.From), Subject = $"ControlRoom shift report: {report.Shift} {report.Day:yyyy-MM-dd}", Body = Summary(report) };
        smtp.To.ForEach(message.To.Add);
        using var attachment = new Attachment(new MemoryStream(Encoding.UTF8.GetBytes(ShiftReportCsv.Write(report))),
            $"shift-{report.Shift}-{report.Day:yyyy-MM-dd}.csv", MediaTypeNames.Text.Csv);
        message.Attachments.Add(attachment);
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (smtp.UserName is { Length: > 0 } user)
        {
            client.Credentials = new NetworkCredential(user, smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
    }

    public static string Summary(ShiftReportDocument report)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"Shift {report.Shift}, {report.Day:yyyy-MM-dd} ({report.Start:yyyy-MM-dd HH:mm}Z to {report.End:yyyy-MM-dd HH:mm}Z, {report.TimeZone})\n\n");
        foreach (var row in report.Boards.Concat(report.Queues))
        {
            var f = row.Figures;
            text.Append(CultureInfo.InvariantCulture,
                $"{row.Name}: offered {f.Offered}, answered {f.Answered}, abandoned {f.Abandoned}, SL {f.ServiceLevel?.ToString(CultureInfo.InvariantCulture) ?? "-"}%, ASA {f.Asa?.ToString(CultureInfo.InvariantCulture) ?? "-"} s, AHT {f.Aht?.ToString(CultureInfo.InvariantCulture) ?? "-"} s, open at end {f.BacklogAtEnd?.ToString(CultureInfo.InvariantCulture) ?? "-"}, open call-backs {f.OpenCallbacks}, alerts {f.AlertsRaised}, reroutes {f.Reroutes}\n");
        }

        return text.ToString();
    }
}
