using ControlRoom.Host.Resources;

namespace ControlRoom.Host.Api;

/// <summary>
/// Problem documents (RFC 9457) in the language of the request: <c>title</c> and <c>detail</c> come from the UI
/// texts in the current UI culture, which request localization sets from the language cookie or
/// <c>Accept-Language</c> — so <c>Accept-Language: it</c> reads Italian, anything else English. The validation
/// messages under <c>errors</c> are localized where a person meets them (alerts, staffing, agents, the UI's own
/// endpoints); the ingest API's per-event errors stay English, for the developers of event sources (docs/localisation.md).
/// </summary>
public static class Problems
{
    /// <summary>The framework's own titles (validation, status defaults): replaced by ours in the request's language.</summary>
    private static readonly HashSet<string> FrameworkTitles = new(StringComparer.Ordinal)
    {
        "One or more validation errors occurred.", "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed",
        "Not Acceptable", "Request Timeout", "Conflict", "Gone", "Precondition Failed", "Payload Too Large", "Unsupported Media Type",
        "Unprocessable Entity", "Too Many Requests", "An error occurred while processing your request.", "Service Unavailable",
    };

    /// <summary>Hooked into <c>AddProblemDetails</c>: every problem document the host writes gets a title in the request's language.</summary>
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Title is null || FrameworkTitles.Contains(problem.Title))
        {
            problem.Title = TitleFor(problem.Status ?? context.HttpContext.Response.StatusCode);
        }
    }

    public static string TitleFor(int status)
    {
        var key = $"Problem_Title_{status}";
        var title = UiMessages.Get(key);
        return title == key ? UiMessages.Get("Problem_Title_Other") : title;
    }

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: TitleFor(StatusCodes.Status400BadRequest));

    public static IResult NotFound(string titleKey, string detailKey, params object?[] args) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: UiMessages.Get(titleKey), detail: UiMessages.Get(detailKey, args));

    public static IResult Conflict(string titleKey, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: UiMessages.Get(titleKey), detail: detail, extensions: extensions);

    /// <summary>The 404 of a queue id no event has named (shared by every per-queue endpoint).</summary>
    public static IResult UnknownQueue(string queueId) => NotFound("Problem_UnknownQueue", "Problem_UnknownQueue_Detail", Quoted(queueId));

    public static IResult UnknownAgent(string agentId) => NotFound("Problem_UnknownAgent", "Problem_UnknownAgent_Detail", Quoted(agentId));

    /// <summary>An id from the URL, quoted back at most 64 characters long.</summary>
    private static string Quoted(string id) => id.Length <= 64 ? id : string.Concat(id.AsSpan(0, 64), "…");
}
