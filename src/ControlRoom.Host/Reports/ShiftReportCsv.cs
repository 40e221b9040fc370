using System.Globalization;
using System.Text;
using ControlRoom.Host.Alerts;

namespace ControlRoom.Host.Reports;

/// <summary>A report as CSV: one row per board, then one per queue; times in UTC, durations in seconds.</summary>
public static class ShiftReportCsv
{
    public const string Header = "shift,day,start,end,kind,id,name,offered,answered,abandoned,shortAbandoned,serviceLevel,abandonRate,asaSeconds,ahtSeconds,peakIntervalStart,peakOffered,backlogAtEnd,oldestOpenSecondsAtEnd,openCallbacks,alertsRaised,medianSecondsToAcknowledge,reroutes";

    public static string Write(ShiftReportDocument report)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var (kind, row) in report.Boards.Select(b => ("board", b)).Concat(report.Queues.Select(q => ("queue", q))))
        {
            var f = row.Figures;
            string[] cells =
            [
                report.Shift, report.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Time(report.Start), Time(report.End), kind, row.Id, row.Name,
                Number(f.Offered), Number(f.Answered), Number(f.Abandoned), Number(f.ShortAbandoned), Number(f.ServiceLevel), Number(f.AbandonRate),
                Number(f.Asa), Number(f.Aht), Time(f.PeakIntervalStart), Number(f.PeakOffered), Number(f.BacklogAtEnd), Number(f.OldestOpenSecondsAtEnd),
                Number(f.OpenCallbacks), Number(f.AlertsRaised), Number(f.MedianSecondsToAcknowledge), Number(f.Reroutes),
            ];
            csv.AppendJoin(',', cells.Select(AlertEndpoints.Cell)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
