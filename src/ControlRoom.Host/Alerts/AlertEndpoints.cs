using System.Globalization;
using System.Security.Claims;
using System.Text;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Host.Api;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Alerts;

/// <summary>
/// <c>GET /api/alerts</c> (readers, JSON or CSV), <c>GET /api/alerts/{id}</c> with its timeline, and the actions
/// <c>POST /api/alerts/{id}/acknowledge|snooze|assign|resolve</c> (team leads and admins only).
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api/alerts").RequireAuthorization(Policies.Reader);
        read.MapGet("", List).RequireRateLimiting(RateLimits.Expensive).WithSummary("Alerts with their lifecycle; ?status=&queueId=&from=&to= (CSV with Accept: text/csv).")
            .Produces<IReadOnlyList<AlertView>>()
            .ProducesValidationProblem();
        read.MapGet("/{alertId}", async (string alertId, AlertService alerts) =>
                await alerts.GetAsync(alertId) is { } alert ? Results.Ok(alert) : NotFound(alertId))
            .WithSummary("One alert with its timeline.")
            .Produces<AlertView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var act = endpoints.MapGroup("/api/alerts/{alertId}").RequireAuthorization(Policies.TeamLead)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        act.MapPost("/acknowledge", (string alertId, AcknowledgeRequest? body, ClaimsPrincipal user, AlertService alerts) =>
            Run(alertId, alerts, errors => AlertRequests.Acknowledge(Actor(user), body, errors)));
        act.MapPost("/snooze", (string alertId, SnoozeRequest? body, ClaimsPrincipal user, AlertService alerts) =>
            Run(alertId, alerts, errors => AlertRequests.Snooze(Actor(user), body, errors)));
        act.MapPost("/assign", (string alertId, AssignRequest? body, ClaimsPrincipal user, AlertService alerts, AlertRequests requests) =>
            Run(alertId, alerts, errors => requests.Assign(Actor(user), body, errors)));
        act.MapPost("/resolve", (string alertId, ResolveRequest? body, ClaimsPrincipal user, AlertService alerts) =>
            Run(alertId, alerts, errors => AlertRequests.Resolve(Actor(user), body, errors)));
        return endpoints;
    }

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static async Task<IResult> List(string? status, string? queueId, string? from, string? to, HttpRequest request, AlertService alerts)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new AlertFilter(QueueId: queueId);
        if (status is { Length: > 0 })
        {
            if (string.Equals(status, "active", StringComparison.OrdinalIgnoreCase))
            {
                filter = filter with { ActiveOnly = true };
            }
            else if (Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                filter = filter with { Status = parsed };
            }
            else
            {
                errors["status"] = [UiMessages.Get("Error_AlertStatus")];
            }
        }

        if (queueId is not null && (queueId == "*" || !LiveQueries.IsValidQueueId(queueId)))
        {
            errors["queueId"] = [UiMessages.Get("Error_Key")];
        }

        filter = filter with { From = ReadEndpoints.ParseBound(from, "from", errors), To = ReadEndpoints.ParseBound(to, "to", errors) };
        if (filter is { From: { } f, To: { } t } && t <= f)
        {
            errors["to"] = [UiMessages.Get("Error_ToAfterFrom")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var list = await alerts.ListAsync(filter);
        return request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(ToCsv(list), "text/csv; charset=utf-8")
            : Results.Ok(list);
    }

    private static async Task<IResult> Run(string alertId, AlertService alerts, Func<Dictionary<string, string[]>, AlertCommand> build)
    {
        var errors = new Dictionary<string, string[]>();
        var command = build(errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var result = await alerts.ActAsync(alertId, command);
        return result.Outcome switch
        {
            AlertCommandOutcome.Done => Results.Ok(result.Alert),
            AlertCommandOutcome.NotFound => NotFound(alertId),
            // "alertStatus", not "status": that member of a problem document is its HTTP status code.
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: UiMessages.Get("Problem_AlertRefused"), detail: AlertRefusal.Describe(alertId, result),
                extensions: new Dictionary<string, object?> { ["alertStatus"] = result.Alert?.Status.ToString().ToLowerInvariant() }),
        };
    }

    private static IResult NotFound(string alertId) =>
        Problems.NotFound("Problem_UnknownAlert", "Problem_UnknownAlert_Detail", alertId);

    public static string ToCsv(IEnumerable<AlertView> alerts)
    {
        var csv = new StringBuilder("id,queueId,ruleId,metric,severity,status,value,threshold,since,raisedAt,acknowledgedAt,acknowledgedBy,assignedTo,snoozedUntil,escalatedAt,resolvedAt,resolvedBy,resolution,raisedValue,worstValue,recoveredValue\n");
        foreach (var a in alerts)
        {
            string[] cells =
            [
                a.Id, a.QueueId, a.RuleId, a.Metric, Word(a.Severity), Word(a.Status),
                a.Value.ToString(CultureInfo.InvariantCulture), a.Threshold.ToString(CultureInfo.InvariantCulture),
                Time(a.Since), Time(a.RaisedAt), Time(a.AcknowledgedAt), a.AcknowledgedBy ?? "", a.AssignedTo ?? "",
                Time(a.SnoozedUntil), Time(a.EscalatedAt), Time(a.ResolvedAt), a.ResolvedBy ?? "", a.Resolution ?? "",
                Number(a.RaisedValue), Number(a.WorstValue), Number(a.RecoveredValue),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never runs a note.</summary>
    internal static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !double.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
