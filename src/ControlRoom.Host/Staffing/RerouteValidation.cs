using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Api;
using ControlRoom.Host.Resources;

namespace ControlRoom.Host.Staffing;

/// <summary>A reroute as posted: the route's agent plus any others, queues to add (with priority) and to leave.</summary>
public sealed record RerouteBody(List<string>? AgentIds, List<AssignmentBody>? Add, List<string>? Remove, string? Reason);

public sealed record AssignmentBody(string? QueueId, int? Priority);

/// <summary>
/// The checked request, or the errors by field; <see cref="AgentUnknown"/> when the first agent does not exist,
/// <see cref="UnknownQueues"/> the queues named that do not exist (so a page can say so in its own language).
/// </summary>
public sealed record RerouteCheck(RerouteRequest? Request, Dictionary<string, string[]> Errors, bool AgentUnknown)
{
    public IReadOnlyList<string> UnknownQueues { get; init; } = [];
}

/// <summary>Checks a whole reroute before anything is applied, for the API and the planner page alike.</summary>
public static class RerouteValidation
{
    public const int MaxAgentsPerReroute = 500;

    /// <summary>As many queues as an agent may serve (<c>queueIds</c> of a presence event): a bound on the work of a what-if.</summary>
    public const int MaxQueuesPerReroute = 100;

    /// <summary>
    /// Every bad field is named; unknown agents and queues are looked up only once the fields are sound. A queue no
    /// event has named and no configuration lists is refused, to add as to remove: a typo must not create a queue.
    /// </summary>
    public static async Task<RerouteCheck> CheckAsync(string agentId, RerouteBody? body, StaffingQueries staffing, KnownQueues queues)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body is null)
        {
            errors["body"] = [UiMessages.Get("Error_RerouteBody")];
            return new RerouteCheck(null, errors, false);
        }

        var agentIds = new List<string> { agentId };
        for (var i = 0; i < (body.AgentIds?.Count ?? 0); i++)
        {
            var id = body.AgentIds![i];
            if (!EventValidator.IsValidKey(id))
            {
                errors[$"agentIds[{i}]"] = [UiMessages.Get("Error_Key")];
            }
            else if (!agentIds.Contains(id, StringComparer.Ordinal))
            {
                agentIds.Add(id);
            }
        }

        if (agentIds.Count > MaxAgentsPerReroute)
        {
            errors["agentIds"] = [UiMessages.Get("Error_MaxAgents", MaxAgentsPerReroute)];
        }

        if ((body.Add?.Count ?? 0) > MaxQueuesPerReroute || (body.Remove?.Count ?? 0) > MaxQueuesPerReroute)
        {
            errors["add"] = [$"at most {MaxQueuesPerReroute} queues to add and {MaxQueuesPerReroute} to remove"];
            return new RerouteCheck(null, errors, false);
        }

        if ((body.AgentIds?.Count ?? 0) > MaxAgentsPerReroute)
        {
            errors["agentIds"] = [$"at most {MaxAgentsPerReroute} agents per reroute"];
            return new RerouteCheck(null, errors, false);
        }

        var add = new List<QueueAssignment>();
        for (var i = 0; i < (body.Add?.Count ?? 0); i++)
        {
            var a = body.Add![i];
            if (a?.QueueId is not { } queueId || !EventValidator.IsValidKey(queueId))
            {
                errors[$"add[{i}].queueId"] = [UiMessages.Get("Error_Key")];
                continue;
            }

            var priority = a.Priority ?? QueueAssignments.DefaultPriority;
            if (priority < 1 || priority > QueueAssignments.MaxPriority)
            {
                errors[$"add[{i}].priority"] = [UiMessages.Get("Error_Priority", QueueAssignments.MaxPriority)];
            }
            else if (add.Any(x => x.QueueId == queueId))
            {
                errors[$"add[{i}].queueId"] = [UiMessages.Get("Error_ListedTwice", queueId)];
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
                errors[$"remove[{i}]"] = [UiMessages.Get("Error_Key")];
            }
            else if (add.Any(a => a.QueueId == queueId))
            {
                errors[$"remove[{i}]"] = [UiMessages.Get("Error_AlsoAdded", queueId)];
            }
            else
            {
                remove.Add(queueId);
            }
        }

        if ((body.Add?.Count ?? 0) + (body.Remove?.Count ?? 0) == 0)
        {
            errors["add"] = [UiMessages.Get("Error_AddOrRemove")];
        }

        if (body.Reason is { Length: > 500 })
        {
            errors["reason"] = [UiMessages.Get("Error_TextTooLong", 500)];
        }

        if (errors.Count > 0)
        {
            return new RerouteCheck(null, errors, false);
        }

        var unknownQueues = await queues.UnknownAsync(add.Select(a => a.QueueId).Concat(remove));
        if (unknownQueues.Count > 0)
        {
            for (var i = 0; i < (body.Add?.Count ?? 0); i++)
            {
                if (body.Add![i]?.QueueId is { } queueId && unknownQueues.Contains(queueId, StringComparer.Ordinal))
                {
                    errors[$"add[{i}].queueId"] = [KnownQueues.Problem(queueId)];
                }
            }

            for (var i = 0; i < (body.Remove?.Count ?? 0); i++)
            {
                if (unknownQueues.Contains(body.Remove![i], StringComparer.Ordinal))
                {
                    errors[$"remove[{i}]"] = [KnownQueues.Problem(body.Remove[i])];
                }
            }

            return new RerouteCheck(null, errors, false) { UnknownQueues = unknownQueues };
        }

        var unknown = await staffing.UnknownAgentsAsync(agentIds);
        if (unknown.Contains(agentId, StringComparer.Ordinal))
        {
            return new RerouteCheck(null, errors, true);
        }

        foreach (var id in unknown)
        {
            errors[$"agentIds[{body.AgentIds!.IndexOf(id)}]"] = [UiMessages.Get("Error_AgentNeverSeen")];
        }

        return errors.Count > 0 ? new RerouteCheck(null, errors, false) : new RerouteCheck(new RerouteRequest(agentIds, add, remove) { Reason = body.Reason }, errors, false);
    }
}
