using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Interactions;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Security;
using ControlRoom.Host.Sources.Health;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Ingest;

public static class IngestEndpoints
{
    public static IServiceCollection AddControlRoomIngest(this IServiceCollection services)
    {
        services.AddSingleton<EventIngestor>();
        return services;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/events", PostEvents)
            .RequireAuthorization(Policies.EventSource)
            .RequireRateLimiting(RateLimits.Ingest)
            .WithName("PostEvents")
            .WithSummary("Ingest contact events (JSON array or NDJSON), all or nothing; 202 once they are durable and applied.")
            .Accepts<IncomingEvent[]>("application/json", "application/x-ndjson")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>Validates every event first; only a fully valid request reaches the log.</summary>
    private static async Task<IResult> PostEvents(HttpContext context, EventIngestor ingestor, IOptions<IngestOptions> options, ControlRoomMetrics metrics,
        FeedReporter feeds, TimeProvider clock, CancellationToken cancellationToken)
    {
        var measurement = metrics.StartIngest(ApiKeyOptions.SourceOf(context.User), clock);
        var (source, sourceError) = FeedSources.Of(context);
        if (source is null)
        {
            measurement.Refused(IngestOutcome.Unreadable, events: 0);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid source instance", detail: sourceError);
        }

        var batch = await EventBatchReader.ReadAsync(context.Request, cancellationToken);
        if (batch.RejectStatus is { } status)
        {
            feeds.Rejected(source, 1);
            measurement.Refused(status == StatusCodes.Status413PayloadTooLarge ? IngestOutcome.TooLarge : IngestOutcome.Unreadable, events: 0);
            return Results.Problem(statusCode: status, title: status == StatusCodes.Status413PayloadTooLarge
                ? "Request too large" : "Unreadable request", detail: batch.RejectReason);
        }

        var window = options.Value.WindowAt(clock.GetUtcNow());
        var events = new List<ContactEvent>(batch.Items.Count);
        var invalid = new List<InvalidEvent>();
        var errors = new List<string>();
        for (var index = 0; index < batch.Items.Count; index++)
        {
            errors.Clear();
            var item = batch.Items[index];
            if (item.Error is not null)
            {
                invalid.Add(new InvalidEvent(index, null, [item.Error]));
                continue;
            }

            if (EventValidator.Validate(item.Event!, errors, window) is { } valid)
            {
                events.Add(valid);
            }
            else
            {
                invalid.Add(new InvalidEvent(index, item.Event!.EventId, [.. errors]));
            }
        }

        if (invalid.Count == 0)
        {
            invalid.AddRange(ReusedIds(events));
        }

        if (invalid.Count > 0)
        {
            measurement.Refused(IngestOutcome.Rejected, batch.Items.Count);
            feeds.Rejected(source, batch.Items.Count);
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid events",
                detail: $"{invalid.Count} of {batch.Items.Count} events are invalid; no event of this request was applied.",
                type: "https://controlroom.example/problems/invalid-events",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
        }

        IngestResult result;
        try
        {
            // Not cancelled by a client that goes away: once appended, the request is durable either way.
            result = await ingestor.IngestAsync(events, source, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            measurement.Refused(IngestOutcome.Unavailable, events.Count);
            return Unavailable(context, 1, "Store unavailable",
                $"The event log cannot be written now ({ex.Message}); nothing of this request was applied. Send the same request again.");
        }
        catch (LoggedNotAppliedException)
        {
            measurement.Refused(IngestOutcome.Unavailable, events.Count);
            return Unavailable(context, 2, "Logged, not yet applied",
                "The request is in the durable log but was not applied in time (a node is being replaced); it will be applied from the log. Send the same request again to learn the outcome: its events then count as duplicates.");
        }

        measurement.Applied(result);
        feeds.Delivered(source, events, result);
        return Results.Json(new IngestResponse(result.Accepted, result.Duplicates, Conflicts(events, result)), statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Unavailable(HttpContext context, int retryAfterSeconds, string title, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail,
            type: "https://controlroom.example/problems/unavailable");
    }

    /// <summary>One request using an eventId twice with different content cannot be applied as the source meant.</summary>
    private static IEnumerable<InvalidEvent> ReusedIds(List<ContactEvent> events)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < events.Count; index++)
        {
            var e = events[index];
            if (!first.TryAdd(e.EventId, index) && !events[first[e.EventId]].SameContent(e))
            {
                yield return new InvalidEvent(index, e.EventId,
                    [$"eventId '{e.EventId}' is used by event {first[e.EventId]} of this request with other content"]);
            }
        }
    }

    private static IReadOnlyList<EventConflict> Conflicts(List<ContactEvent> events, IngestResult result)
    {
        if (result.Conflicts is not { Count: > 0 } ids)
        {
            return [];
        }

        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        return [.. events.Select((e, index) => (e, index)).Where(p => wanted.Remove(p.e.EventId))
            .Select(p => new EventConflict(p.index, p.e.EventId, "eventId was accepted before with other content; this event was not applied"))];
    }
}

/// <summary>The answer to an accepted request (contract §1), with the events not applied because their id was taken.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<EventConflict> Conflicts);

public sealed record EventConflict(int Index, string EventId, string Reason);

public sealed record InvalidEvent(int Index, string? EventId, IReadOnlyList<string> Errors);
