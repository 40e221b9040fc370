using System.Globalization;
using ControlRoom.Host.Api;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Reports;

/// <summary>
/// <c>GET /api/reports/shifts</c>: the configured shifts with their last ended occurrence; with <c>?shift=&amp;day=</c>
/// that occurrence's report (JSON, or CSV with <c>Accept: text/csv</c> or <c>format=csv</c>), produced again from the intervals.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/shifts", Shifts).RequireAuthorization(Policies.Reader).RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("End-of-shift reports: ?shift=&day=yyyy-MM-dd (the day the shift starts, in its zone; default its last ended occurrence); CSV with Accept: text/csv or format=csv.")
            .Produces<ShiftReportDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> Shifts(string? shift, string? day, string? format, HttpRequest request, ShiftReportService reports)
    {
        var now = reports.Now;
        if (string.IsNullOrEmpty(shift))
        {
            return Results.Ok(reports.Shifts.Select(s => new
            {
                name = s.Name,
                start = s.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                end = s.End.ToString("HH:mm", CultureInfo.InvariantCulture),
                timeZone = reports.ZoneOf(s).Id,
                queues = s.Queues,
                boards = s.Boards,
                lastEnded = s.LastEnded(now, reports.ZoneOf(s)),
            }));
        }

        if (reports.Find(shift) is not { } definition)
        {
            return Problems.NotFound("Problem_UnknownShift", "Problem_UnknownShift_Detail", shift.Length <= 64 ? shift : shift[..64]);
        }

        var zone = reports.ZoneOf(definition);
        var errors = new Dictionary<string, string[]>();
        var occurrence = definition.LastEnded(now, zone).Day;
        if (day is { Length: > 0 })
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out occurrence))
            {
                errors["day"] = [UiMessages.Get("Error_ReportDay")];
            }
            else if (definition.On(occurrence, zone).End > now)
            {
                errors["day"] = [UiMessages.Get("Error_ReportNotEnded", definition.Name, day)];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var report = await reports.ProduceAsync(definition, occurrence);
        return request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase) || format == "csv"
            ? Results.Text(ShiftReportCsv.Write(report), "text/csv; charset=utf-8")
            : Results.Ok(report);
    }
}
