using System.Security.Claims;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Staffing;

/// <summary>Issue 6: the Erlang calculator, live staffing and expected wait per queue, reroutes with what-if and undo.</summary>
public static class StaffingEndpoints
{
    public static IServiceCollection AddControlRoomStaffing(this IServiceCollection services)
    {
        services.AddSingleton<StaffingQueries>();
        services.AddHostedService<ForecastWatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffing(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api").RequireAuthorization(Policies.Reader);
        read.MapGet("/staffing/erlang", Erlang)
            .WithSummary("Erlang C (or Erlang A with patienceSeconds): the fewest agents for a target, or what given agents achieve.")
            .Produces<ErlangResponse>()
            .ProducesValidationProblem();
        read.MapGet("/staffing/queues", async (StaffingQueries staffing) => Results.Ok(await staffing.QueuesAsync()))
            .WithSummary("Every queue's agents needed now against agents staffed, most short first.")
            .Produces<IReadOnlyList<QueueStaffing>>();
        read.MapGet("/queues/{queueId}/staffing", async (string queueId, StaffingQueries staffing) =>
                await staffing.QueueAsync(queueId) is { } result ? Results.Ok(result) : UnknownQueue(queueId))
            .WithSummary("Agents needed now (current interval and rolling 30 minutes) against agents staffed.")
            .Produces<QueueStaffing>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/queues/{queueId}/ewt", async (string queueId, StaffingQueries staffing) =>
                await staffing.ExpectedWaitAsync(queueId) is { } result ? Results.Ok(result) : UnknownQueue(queueId))
            .WithSummary("Expected wait for a contact joining now: (waiting + 1) × AHT / serving agents.")
            .Produces<WaitEstimate>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/queues/{queueId}/forecast", async (string queueId, StaffingQueries staffing) =>
                await staffing.ForecastAsync(queueId) is { } result ? Results.Ok(result) : UnknownQueue(queueId))
            .WithSummary("Service level forecast for the next 15 and 30 minutes from the arrival trend and the agents staffed.")
            .Produces<QueueForecast>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var plan = endpoints.MapGroup("/api").RequireAuthorization(Policies.Planner);
        plan.MapPost("/agents/{agentId}/queues", Reroute)
            .WithSummary("Adds, removes or moves queues of one or many agents; audited, takes effect at once.")
            .Produces<RerouteRecord>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        plan.MapPost("/agents/{agentId}/queues/what-if", WhatIf)
            .WithSummary("The predicted service level and ASA of every queue the reroute touches, before and after.")
            .Produces<IReadOnlyList<QueueWhatIf>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        plan.MapGet("/staffing/recommendations", async (StaffingQueries staffing) => Results.Ok(await staffing.RecommendationsAsync()))
            .WithSummary("Queues short of agents with idle agents elsewhere who have the skill.")
            .Produces<IReadOnlyList<Recommendation>>();
        plan.MapGet("/reroutes", async (IGrainFactory grains, int? max) =>
                Results.Ok(await grains.GetGrain<IRerouteGrain>(0).GetRecent(Math.Clamp(max ?? 50, 1, RerouteGrainLimit))))
            .WithSummary("The reroute audit trail, newest first.")
            .Produces<IReadOnlyList<RerouteRecord>>();
        plan.MapPost("/reroutes/{rerouteId}/undo", Undo)
            .WithSummary("Restores every agent of a reroute to the queues it had before.")
            .Produces<RerouteRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private const int RerouteGrainLimit = 500;

    private static IResult Erlang(HttpRequest request)
    {
        var (query, errors) = ErlangQuery.Parse(request.Query);
        return query is null ? Results.ValidationProblem(errors, title: "Invalid staffing parameters") : Results.Ok(query.Evaluate());
    }

    private static async Task<IResult> Reroute(string agentId, RerouteBody? body, ClaimsPrincipal user, StaffingQueries staffing, IGrainFactory grains)
    {
        var (request, problem) = await Validate(agentId, body, staffing);
        if (problem is not null)
        {
            return problem;
        }

        var record = await grains.GetGrain<IRerouteGrain>(0).Apply(request!, user.Identity?.Name ?? "unknown");
        return Results.Ok(record);
    }

    private static async Task<IResult> WhatIf(string agentId, RerouteBody? body, StaffingQueries staffing)
    {
        var (request, problem) = await Validate(agentId, body, staffing);
        return problem ?? Results.Ok(await staffing.WhatIfAsync(request!));
    }

    private static async Task<IResult> Undo(string rerouteId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IRerouteGrain>(0).Undo(rerouteId, user.Identity?.Name ?? "unknown");
        return result.Outcome switch
        {
            UndoOutcome.Undone => Results.Ok(result.Record),
            UndoOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown reroute",
                detail: $"No reroute '{rerouteId}' is in the audit trail."),
            UndoOutcome.AlreadyUndone => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already undone",
                detail: $"Reroute '{rerouteId}' was undone by '{result.Record?.UndoneBy}'."),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Agents changed since",
                detail: $"The queues of {string.Join(", ", result.ConflictingAgents)} changed after reroute '{rerouteId}'; nothing was undone."),
        };
    }

    /// <summary>404 for the route's agent, 400 naming every bad field otherwise; nothing is applied on either.</summary>
    private static async Task<(RerouteRequest? Request, IResult? Problem)> Validate(string agentId, RerouteBody? body, StaffingQueries staffing)
    {
        var check = await RerouteValidation.CheckAsync(agentId, body, staffing);
        if (check.AgentUnknown)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent", detail: $"No event has named agent '{agentId}'."));
        }

        return check.Request is null ? (null, Results.ValidationProblem(check.Errors, title: "Invalid reroute")) : (check.Request, null);
    }

    private static IResult UnknownQueue(string queueId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown queue", detail: $"No event has named queue '{queueId}'.");
}
