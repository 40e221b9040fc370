using System.Globalization;
using System.Security.Claims;
using System.Text;
using ControlRoom.Contracts.Callbacks;
using ControlRoom.Host.Alerts;
using ControlRoom.Host.Api;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Callbacks;

public sealed record ClaimRequest(string? Note);

public sealed record DoneRequest(string? Outcome, string? Note);

/// <summary>
/// <c>GET /api/callbacks</c> (readers; JSON or CSV) and <c>POST /api/callbacks/{interactionId}/claim|done</c>
/// (team leads and admins only: API keys, viewers and planners get 403).
/// </summary>
public static class CallbackEndpoints
{
    public static IEndpointRouteBuilder MapCallbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/callbacks", List).RequireAuthorization(Policies.Reader).RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("The abandoned-call worklist, open ones first and oldest first; ?queueId=&from=&to=&status= (open, claimed, done, autoclosed, closed, all); CSV with Accept: text/csv.")
            .Produces<IReadOnlyList<CallbackView>>()
            .ProducesValidationProblem();

        var act = endpoints.MapGroup("/api/callbacks/{interactionId}").RequireAuthorization(Policies.TeamLead)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        act.MapPost("/claim", (string interactionId, ClaimRequest? body, ClaimsPrincipal user, CallbackService callbacks) =>
            Run(interactionId, callbacks, errors => Claim(AlertEndpoints.Actor(user), body, errors)))
            .WithSummary("Claims a call-back: the caller will call the customer.");
        act.MapPost("/done", (string interactionId, DoneRequest? body, ClaimsPrincipal user, CallbackService callbacks) =>
            Run(interactionId, callbacks, errors => Done(AlertEndpoints.Actor(user), body, errors)))
            .WithSummary("Marks a call-back called back, with an outcome (reached, noAnswer, voicemail, wrongNumber) and a note.");
        return endpoints;
    }

    public static CallbackCommand Claim(string actor, ClaimRequest? request, Dictionary<string, string[]> errors) =>
        new(CallbackCommandKind.Claim, actor, AlertRequests.Text(request?.Note, "note", errors), null);

    public static CallbackCommand Done(string actor, DoneRequest? request, Dictionary<string, string[]> errors)
    {
        CallbackOutcome? outcome = null;
        if (request?.Outcome is { Length: > 0 } word && Enum.TryParse<CallbackOutcome>(word, ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed) && !int.TryParse(word, out _))
        {
            outcome = parsed;
        }
        else
        {
            errors["outcome"] = [UiMessages.Get("Error_CallbackOutcome")];
        }

        return new CallbackCommand(CallbackCommandKind.Done, actor, AlertRequests.Text(request?.Note, "note", errors), outcome);
    }

    private static async Task<IResult> List(string? status, string? queueId, string? from, string? to, string? format, HttpRequest request, CallbackService callbacks)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is { Length: > 0 } && !CallbackFilter.Statuses.Contains(status.ToLowerInvariant()))
        {
            errors["status"] = [UiMessages.Get("Error_CallbackStatus")];
        }

        if (queueId is not null && (queueId == "*" || !LiveQueries.IsValidQueueId(queueId)))
        {
            errors["queueId"] = [UiMessages.Get("Error_Key")];
        }

        var filter = new CallbackFilter(status?.ToLowerInvariant() is { Length: > 0 } s ? s : null, queueId,
            ReadEndpoints.ParseBound(from, "from", errors), ReadEndpoints.ParseBound(to, "to", errors));
        if (filter is { From: { } f, To: { } t } && t <= f)
        {
            errors["to"] = [UiMessages.Get("Error_ToAfterFrom")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var list = await callbacks.ListAsync(filter);
        // ?format=csv too, so a page's download link (which cannot set Accept) gets the file.
        return request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase) || format == "csv"
            ? Results.Text(ToCsv(list), "text/csv; charset=utf-8")
            : Results.Ok(list);
    }

    private static async Task<IResult> Run(string interactionId, CallbackService callbacks, Func<Dictionary<string, string[]>, CallbackCommand> build)
    {
        var errors = new Dictionary<string, string[]>();
        var command = build(errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var result = await callbacks.ActAsync(interactionId, command);
        return result.Outcome switch
        {
            CallbackCommandOutcome.Done => Results.Ok(result.Callback),
            CallbackCommandOutcome.NotFound => Problems.NotFound("Problem_UnknownCallback", "Problem_UnknownCallback_Detail", interactionId.Length <= 64 ? interactionId : interactionId[..64]),
            _ => Problems.Conflict("Problem_CallbackRefused", result.Reason ?? "",
                new Dictionary<string, object?> { ["callbackStatus"] = result.Callback is { } c ? Word(c.Status) : null }),
        };
    }

    public static string ToCsv(IEnumerable<CallbackView> callbacks)
    {
        var csv = new StringBuilder("interactionId,queueId,channel,customerId,offeredAt,abandonedAt,waitSeconds,shortAbandon,status,claimedBy,claimedAt,closedAt,closedBy,outcome,note,calledAgainAt,answeredBy\n");
        foreach (var c in callbacks)
        {
            string[] cells =
            [
                c.InteractionId, c.QueueId, c.Channel.ToString().ToLowerInvariant(), c.CustomerId ?? "", Time(c.OfferedAt), Time(c.AbandonedAt),
                Math.Round(c.WaitSeconds, 1).ToString(CultureInfo.InvariantCulture), c.ShortAbandon ? "true" : "false",
                Word(c.Status), c.ClaimedBy ?? "", Time(c.ClaimedAt), Time(c.ClosedAt), c.ClosedBy ?? "",
                c.Outcome is { } o ? Word(o) : "", c.Note ?? "", Time(c.CalledAgainAt), c.AnsweredBy ?? "",
            ];
            csv.AppendJoin(',', cells.Select(AlertEndpoints.Cell)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The JSON's enum words (camelCase), so the CSV and the API read alike.</summary>
    public static string Word<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
