using System.Security.Claims;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Events;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Staffing;

/// <summary>A reroute as posted: the route's agent plus any others, queues to add (with priority) and to leave.</summary>
public sealed record RerouteBody(List<string>? AgentIds, List<AssignmentBody>? Add, List<string>? Remove, string? Reason);

public sealed record AssignmentBody(string? QueueId, int? Priority);

/// <summary>Issue 6: the Erlang calculator, live staffing and expected wait per queue, reroutes with what-if and undo.</summary>
public static class StaffingEndpoints
{
    public const int MaxAgentsPerReroute = 500;

    public static IServiceCollection AddControlRoomStaffing(this IServiceCollection services)
    {
        services.AddSingleton<StaffingQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffing(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api").RequireAuthorization(Policies.Reader);
        read.MapGet("/staffing/erlang", Erlang)
            .WithSummary("Erlang C (or Erlang A with patienceSeconds): the fewest agents for a target, or what given agents achieve.");
        read.MapGet("/staffing/queues", async (StaffingQueries staffing) => Results.Ok(await staffing.QueuesAsync()))
            .WithSummary("Every queue's agents needed now against agents staffed, most short first.");
        read.MapGet("/queues/{queueId}/staffing", async (string queueId, StaffingQueries staffing) =>
                await staffing.QueueAsync(queueId) is { } result ? Results.Ok(result) : UnknownQueue(queueId))
            .WithSummary("Agents needed now (current interval and rolling 30 minutes) against agents staffed.");
        read.MapGet("/queues/{queueId}/ewt", async (string queueId, StaffingQueries staffing) =>
                await staffing.ExpectedWaitAsync(queueId) is { } result ? Results.Ok(result) : UnknownQueue(queueId))
            .WithSummary("Expected wait for a contact joining now: (waiting + 1) × AHT / serving agents.");

        var plan = endpoints.MapGroup("/api").RequireAuthorization(Policies.Planner);
        plan.MapPost("/agents/{agentId}/queues", Reroute)
            .WithSummary("Adds, removes or moves queues of one or many agents; audited, takes effect at once.");
        plan.MapPost("/agents/{agentId}/queues/what-if", WhatIf)
            .WithSummary("The predicted service level and ASA of every queue the reroute touches, before and after.");
        plan.MapGet("/staffing/recommendations", async (StaffingQueries staffing) => Results.Ok(await staffing.RecommendationsAsync()))
            .WithSummary("Queues short of agents with idle agents elsewhere who have the skill.");
        plan.MapGet("/reroutes", async (IGrainFactory grains, int? max) =>
                Results.Ok(await grains.GetGrain<IRerouteGrain>(0).GetRecent(Math.Clamp(max ?? 50, 1, RerouteGrainLimit))))
            .WithSummary("The reroute audit trail, newest first.");
        plan.MapPost("/reroutes/{rerouteId}/undo", Undo)
            .WithSummary("Restores every agent of a reroute to the queues it had before.");
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

    /// <summary>Checks the whole request before anything is applied; every bad field is named.</summary>
    private static async Task<(RerouteRequest? Request, IResult? Problem)> Validate(string agentId, RerouteBody? body, StaffingQueries staffing)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body is null)
        {
            errors["body"] = ["a JSON object with add and/or remove is required"];
            return (null, Results.ValidationProblem(errors));
        }

        var agentIds = new List<string> { agentId };
        for (var i = 0; i < (body.AgentIds?.Count ?? 0); i++)
        {
            var id = body.AgentIds![i];
            if (!EventValidator.IsValidKey(id))
            {
                errors[$"agentIds[{i}]"] = ["must be 1–64 characters of [A-Za-z0-9_.-]"];
            }
            else if (!agentIds.Contains(id, StringComparer.Ordinal))
            {
                agentIds.Add(id);
            }
        }

        if (agentIds.Count > MaxAgentsPerReroute)
        {
            errors["agentIds"] = [$"at most {MaxAgentsPerReroute} agents per reroute"];
        }

        var add = new List<QueueAssignment>();
        for (var i = 0; i < (body.Add?.Count ?? 0); i++)
        {
            var a = body.Add![i];
            if (a?.QueueId is not { } queueId || !EventValidator.IsValidKey(queueId))
            {
                errors[$"add[{i}].queueId"] = ["must be 1–64 characters of [A-Za-z0-9_.-]"];
                continue;
            }

            var priority = a.Priority ?? QueueAssignments.DefaultPriority;
            if (priority < 1 || priority > QueueAssignments.MaxPriority)
            {
                errors[$"add[{i}].priority"] = [$"must be from 1 (served first) to {QueueAssignments.MaxPriority}"];
            }
            else if (add.Any(x => x.QueueId == queueId))
            {
                errors[$"add[{i}].queueId"] = [$"'{queueId}' is listed twice"];
            }
            else
            {
                add.Add(new QueueAssignment(queueId, priority));
            }
        }

        var remove = new List<string>();
        for (var i = 0; i < (body.Remove?.Count ?? 0); i++)
        {
            var queueId = body.Remove![i];
            if (!EventValidator.IsValidKey(queueId))
            {
                errors[$"remove[{i}]"] = ["must be 1–64 characters of [A-Za-z0-9_.-]"];
            }
            else if (add.Any(a => a.QueueId == queueId))
            {
                errors[$"remove[{i}]"] = [$"'{queueId}' is also being added"];
            }
            else
            {
                remove.Add(queueId);
            }
        }

        if ((body.Add?.Count ?? 0) + (body.Remove?.Count ?? 0) == 0)
        {
            errors["add"] = ["add or remove at least one queue"];
        }

        if (body.Reason is { Length: > 500 })
        {
            errors["reason"] = ["at most 500 characters"];
        }

        if (errors.Count > 0)
        {
            return (null, Results.ValidationProblem(errors, title: "Invalid reroute"));
        }

        var unknown = await staffing.UnknownAgentsAsync(agentIds);
        if (unknown.Contains(agentId, StringComparer.Ordinal))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent", detail: $"No event has named agent '{agentId}'."));
        }

        if (unknown.Count > 0)
        {
            return (null, Results.ValidationProblem(
                unknown.ToDictionary(id => $"agentIds[{body.AgentIds!.IndexOf(id)}]", _ => new[] { "no event has named this agent" }),
                title: "Invalid reroute"));
        }

        return (new RerouteRequest(agentIds, add, remove) { Reason = body.Reason }, null);
    }

    private static IResult UnknownQueue(string queueId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown queue", detail: $"No event has named queue '{queueId}'.");
}
