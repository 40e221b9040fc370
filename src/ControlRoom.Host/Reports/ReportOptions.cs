using ControlRoom.Domain.Reports;

namespace ControlRoom.Host.Reports;

/// <summary>Configuration section <c>Reports</c>: the shifts, and where their reports go at each end.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    public List<ShiftDefinition> Shifts { get; set; } = [];

    /// <summary>Absent (no <c>Host</c>): no e-mail.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Deliver each shift's report to the alert webhooks (<c>Alerts:Webhooks</c>) at its end.</summary>
    public bool Webhooks { get; set; } = true;

    public IEnumerable<string> Problems() =>
        Shifts.SelectMany((s, i) => s.Problems($"Reports:Shifts:{i}"))
            .Concat(Shifts.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"Reports:Shifts: the name '{g.Key}' is used twice."))
            .Concat(Smtp.Problems());
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "controlroom@localhost";
    public List<string> To { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<string> Problems()
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return "Reports:Smtp:Port must be 1-65535.";
        }

        if (To.Count == 0)
        {
            yield return "Reports:Smtp:To needs at least one address when Reports:Smtp:Host is set.";
        }

        foreach (var address in To.Append(From).Where(a => !System.Net.Mail.MailAddress.TryCreate(a, out _)))
        {
            yield return $"Reports:Smtp: '{address}' is not an e-mail address.";
        }
    }
}
