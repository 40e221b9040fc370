using System.Security.Claims;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Api;
using Microsoft.Extensions.Options;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Staffing;

/// <summary>Issue 6: the Erlang calculator, live staffing and expected wait per queue, reroutes with what-if and undo.</summary>
public static class StaffingEndpoints
{
    public static IServiceCollection AddControlRoomStaffing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StaffingLimits>()
            .Bind(configuration.GetSection(StaffingLimits.Section))
            .Validate(o => o.MaxComputeSteps > 0, "Staffing:MaxComputeSteps must be positive")
            .ValidateOnStart();
        services.AddSingleton<StaffingMetrics>();
        services.AddSingleton<StaffingQueries>();
        services.AddSingleton<KnownQueues>();
        services.AddHostedService<ForecastWatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffing(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api").RequireAuthorization(Policies.Reader);
        read.MapGet("/staffing/erlang", Erlang)
            .RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("Erlang C (or Erlang A with patienceSeconds): the fewest agents for a target, or what given agents achieve.")
            .Produces<ErlangResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        read.MapGet("/staffing/queues", async (StaffingQueries staffing) => Results.Ok(await staffing.QueuesAsync()))
            .RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("Every queue's agents needed now against agents staffed, most short first.")
            .Produces<IReadOnlyList<QueueStaffing>>();
        read.MapGet("/queues/{queueId}/staffing", (string queueId, KnownIds known, StaffingQueries staffing, CancellationToken cancellationToken) =>
                ForKnownQueue(queueId, known, () => staffing.QueueAsync(queueId), cancellationToken))
            .RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("Agents needed now (current interval and rolling 30 minutes) against agents staffed.")
            .Produces<QueueStaffing>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/queues/{queueId}/ewt", (string queueId, KnownIds known, StaffingQueries staffing, CancellationToken cancellationToken) =>
                ForKnownQueue(queueId, known, () => staffing.ExpectedWaitAsync(queueId), cancellationToken))
            .WithSummary("Expected wait for a contact joining now: (waiting + 1) × AHT / serving agents.")
            .Produces<WaitEstimate>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/queues/{queueId}/forecast", (string queueId, KnownIds known, StaffingQueries staffing, CancellationToken cancellationToken) =>
                ForKnownQueue(queueId, known, () => staffing.ForecastAsync(queueId), cancellationToken))
            .RequireRateLimiting(RateLimits.Expensive)
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
            .RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("The predicted service level and ASA of every queue the reroute touches, before and after.")
            .Produces<IReadOnlyList<QueueWhatIf>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        plan.MapGet("/staffing/recommendations", async (StaffingQueries staffing) => Results.Ok(await staffing.RecommendationsAsync()))
            .RequireRateLimiting(RateLimits.Expensive)
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

    /// <summary>
    /// The calculator, on a budget: a query needing more steps than <c>Staffing:MaxComputeSteps</c> gets 422, and a
    /// caller who goes away (<c>RequestAborted</c>) stops the loops at their next step.
    /// </summary>
    private static IResult Erlang(HttpContext context, IOptions<StaffingLimits> limits, StaffingMetrics metrics)
    {
        var (query, errors) = ErlangQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return Problems.Invalid(errors);
        }

        var budget = limits.Value.Budget(context.RequestAborted);
        metrics.Record("started");
        try
        {
            var result = query.Evaluate(budget);
            metrics.Record("completed");
            return Results.Ok(result);
        }
        catch (ComputeBudgetExceededException ex)
        {
            metrics.Record("refused");
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too costly to compute",
                detail: $"These parameters need more than {ex.MaxSteps:N0} computation steps, more than one request may take. " +
                    "A smaller thresholdSeconds or patienceSeconds, or fewer agents, needs fewer.");
        }
        catch (OperationCanceledException) when (budget.StoppedByCancellation)
        {
            // The caller has gone; nobody reads an answer.
            metrics.Record("cancelled");
            return Results.Empty;
        }
    }

    private static async Task<IResult> Reroute(string agentId, RerouteBody? body, ClaimsPrincipal user, StaffingQueries staffing, KnownQueues queues, IGrainFactory grains)
    {
        var (request, problem) = await Validate(agentId, body, staffing, queues);
        if (problem is not null)
        {
            return problem;
        }

        var record = await grains.GetGrain<IRerouteGrain>(0).Apply(request!, user.Identity?.Name ?? "unknown");
        return Results.Ok(record);
    }

    private static async Task<IResult> WhatIf(string agentId, RerouteBody? body, StaffingQueries staffing, KnownQueues queues)
    {
        var (request, problem) = await Validate(agentId, body, staffing, queues);
        return problem ?? Results.Ok(await staffing.WhatIfAsync(request!));
    }

    private static async Task<IResult> Undo(string rerouteId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IRerouteGrain>(0).Undo(rerouteId, user.Identity?.Name ?? "unknown");
        return result.Outcome switch
        {
            UndoOutcome.Undone => Results.Ok(result.Record),
            UndoOutcome.NotFound => Problems.NotFound("Problem_UnknownReroute", "Problem_UnknownReroute_Detail", rerouteId),
            UndoOutcome.AlreadyUndone => Problems.Conflict("Problem_AlreadyUndone", UiMessages.Get("Problem_AlreadyUndone_Detail", rerouteId, result.Record?.UndoneBy)),
            _ => Problems.Conflict("Problem_AgentsChanged", UiMessages.Get("Problem_AgentsChanged_Detail", string.Join(", ", result.ConflictingAgents), rerouteId)),
        };
    }

    /// <summary>404 for the route's agent, 400 naming every bad field (an unknown queue too) otherwise; nothing is applied on either.</summary>
    private static async Task<(RerouteRequest? Request, IResult? Problem)> Validate(string agentId, RerouteBody? body, StaffingQueries staffing, KnownQueues queues)
    {
        var check = await RerouteValidation.CheckAsync(agentId, body, staffing, queues);
        if (check.AgentUnknown)
        {
            return (null, Problems.UnknownAgent(agentId));
        }

        return check.Request is null ? (null, Problems.Invalid(check.Errors)) : (check.Request, null);
    }

    /// <summary>A per-queue read, asked of the queue's grain only once the directory knows the queue.</summary>
    private static async Task<IResult> ForKnownQueue<T>(string queueId, KnownIds known, Func<Task<T?>> read, CancellationToken cancellationToken)
        where T : class =>
        await known.IsQueueAsync(queueId, cancellationToken) && await read() is { } result ? Results.Ok(result) : Problems.UnknownQueue(queueId);
}
