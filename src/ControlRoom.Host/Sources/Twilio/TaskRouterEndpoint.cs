using System.Text;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Sources.Twilio;

/// <summary>
/// <c>POST /api/sources/twilio/taskrouter</c>: the Workspace's Event Callback URL. Twilio signs every callback with the
/// account's auth token; that signature is this endpoint's authentication, so it takes no API key or cookie.
/// </summary>
public static partial class TaskRouterEndpoint
{
    public const string Path = "/api/sources/twilio/taskrouter";
    public const string Source = "twilio:taskrouter";
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>A callback is a few KiB; TaskAttributes and WorkerAttributes are the large parts.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Twilio waits 15 s for the answer; ingest gets 10 of them, then the answer is "retry".</summary>
    public static readonly TimeSpan IngestWithin = TimeSpan.FromSeconds(10);

    public static async Task<IResult> HandleAsync(HttpRequest request, IOptions<TwilioOptions> options, TaskRouterMapper mapper,
        SourceIngest ingest, SourceActivity activity, ILogger<TaskRouterMapper> logger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Twilio TaskRouter intake is off",
                detail: $"Set {TwilioOptions.Section}:AuthToken to the account's auth token to switch it on.");
        }

        if (!request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a TaskRouter callback",
                detail: "TaskRouter event callbacks are application/x-www-form-urlencoded.");
        }

        var read = await SourceBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (read.Body is not { } body)
        {
            return Results.Problem(statusCode: read.Status, title: "Unreadable callback", detail: read.Error);
        }

        activity.Received(Source, 1);
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            fields = new FormReader(Encoding.UTF8.GetString(body)).ReadForm();
        }
        catch (InvalidDataException ex)
        {
            activity.Rejected(Source, 1);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable callback", detail: ex.Message);
        }

        var parameters = new List<KeyValuePair<string, string>>();
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in fields)
        {
            foreach (var value in values)
            {
                parameters.Add(new(name, value ?? ""));
            }

            form[name] = values.ToString();
        }

        var url = settings.PublicUrl is { Length: > 0 } configured ? configured : request.GetEncodedUrl();
        if (!TwilioSignature.IsValid(settings.AuthToken!, url, parameters, request.Headers[SignatureHeader].ToString()))
        {
            activity.Rejected(Source, 1);
            Log.BadSignature(logger, url);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature",
                detail: $"{SignatureHeader} does not match this callback signed with the configured auth token for {url}. "
                    + $"Behind a proxy, set {TwilioOptions.Section}:PublicUrl to the Event Callback URL configured in Twilio.");
        }

        var mapping = mapper.Map(form);
        var eventType = form.GetValueOrDefault("EventType");
        var sid = form.GetValueOrDefault("Sid");
        if (mapping.Error is { } error)
        {
            activity.Rejected(Source, 1);
            Log.Refused(logger, eventType, sid, error);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unusable TaskRouter callback", detail: error);
        }

        if (mapping.Ignored is { } reason)
        {
            activity.Ignored(Source, 1);
            Log.Ignored(logger, eventType, reason);
            return Acknowledged(request);
        }

        var invalid = new List<InvalidEventReport>();
        if (SourceMapping.Validate(mapping.Events, invalid) is not { } events)
        {
            activity.Rejected(Source, 1);
            var problems = string.Join(" | ", invalid);
            Log.Refused(logger, eventType, sid, problems);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid events",
                detail: "The callback maps to events the contract refuses; none was applied.",
                type: "https://controlroom.example/problems/invalid-events",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
        }

        if (!(await ingest.IngestAsync(Source, events, IngestWithin, cancellationToken)).Stored)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)SourceIngest.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ingest unavailable",
                detail: "The events could not be stored now; Twilio may send the callback again.");
        }

        return Acknowledged(request);
    }

    /// <summary>What TaskRouter asks for: 204 No Content with Content-Type application/json.</summary>
    private static IResult Acknowledged(HttpRequest request)
    {
        request.HttpContext.Response.ContentType = "application/json";
        return Results.NoContent();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "TaskRouter callback refused: X-Twilio-Signature does not match for {Url}")]
        public static partial void BadSignature(ILogger logger, string url);

        [LoggerMessage(Level = LogLevel.Warning, Message = "TaskRouter callback {EventType} {Sid} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string? eventType, string? sid, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "TaskRouter callback {EventType} acknowledged and not counted: {Reason}")]
        public static partial void Ignored(ILogger logger, string? eventType, string reason);
    }
}
