using ControlRoom.Domain.Reports;

namespace ControlRoom.Host.Reports;

/// <summary>One shift occurrence's report: one row per board and per queue it covers.</summary>
public sealed record ShiftReportDocument(
    string Shift,
    DateOnly Day,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    bool EndRecorded,
    IReadOnlyList<ShiftReportRow> Boards,
    IReadOnlyList<ShiftReportRow> Queues)
{
    /// <summary>The key of the occurrence: shift name and the local day it starts on.</summary>
    public static string Occurrence(string shift, DateOnly day) => $"{shift}@{day:yyyy-MM-dd}";
}

public sealed record ShiftReportRow(string Id, string Name, IReadOnlyList<string> QueueIds, ShiftFigures Figures);
