using ControlRoom.Contracts.Events;
using ControlRoom.Grains.Interactions;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Host.Security;

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
            .WithName("PostEvents")
            .WithSummary("Ingest contact events (JSON array or NDJSON), all or nothing.")
            .Accepts<IncomingEvent[]>("application/json", "application/x-ndjson")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return endpoints;
    }

    /// <summary>Validates every event first; only a fully valid request reaches the grains.</summary>
    private static async Task<IResult> PostEvents(HttpRequest request, EventIngestor ingestor, ControlRoomMetrics metrics, TimeProvider clock, CancellationToken cancellationToken)
    {
        var measurement = metrics.StartIngest(ApiKeyOptions.SourceOf(request.HttpContext.User), clock);
        var batch = await EventBatchReader.ReadAsync(request, cancellationToken);
        if (batch.RejectStatus is { } status)
        {
            measurement.Refused(status == StatusCodes.Status413PayloadTooLarge ? IngestOutcome.TooLarge : IngestOutcome.Unreadable, events: 0);
            return Results.Problem(statusCode: status, title: status == StatusCodes.Status413PayloadTooLarge
                ? "Request too large" : "Unreadable request", detail: batch.RejectReason);
        }

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

            if (EventValidator.Validate(item.Event!, errors) is { } valid)
            {
                events.Add(valid);
            }
            else
            {
                invalid.Add(new InvalidEvent(index, item.Event!.EventId, [.. errors]));
            }
        }

        if (invalid.Count > 0)
        {
            measurement.Refused(IngestOutcome.Rejected, batch.Items.Count);
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid events",
                detail: $"{invalid.Count} of {batch.Items.Count} events are invalid; no event of this request was applied.",
                type: "https://controlroom.example/problems/invalid-events",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
        }

        var result = await ingestor.IngestAsync(events);
        measurement.Applied(result);
        return Results.Json(new IngestResponse(result.Accepted, result.Duplicates), statusCode: StatusCodes.Status202Accepted);
    }
}

public sealed record IngestResponse(int Accepted, int Duplicates);

public sealed record InvalidEvent(int Index, string? EventId, IReadOnlyList<string> Errors);
