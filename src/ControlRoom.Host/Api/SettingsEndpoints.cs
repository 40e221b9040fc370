using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Api;

/// <summary>
/// Per-queue thresholds and SLA rules, changed at run time by an admin: validated whole, persisted with the
/// queue's grain state and judged afresh at once.
/// </summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapQueueSettings(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/queues/{queueId}/settings");
        api.MapGet("/", async (string queueId, KnownIds known, IGrainFactory grains, CancellationToken cancellationToken) =>
                await known.IsQueueAsync(queueId, cancellationToken)
                    ? Results.Ok(await grains.GetGrain<IQueueGrain>(queueId).GetSettings())
                    : Problems.UnknownQueue(queueId))
            .RequireAuthorization(Policies.Reader)
            .WithSummary("The queue's thresholds and its effective SLA rules (the channel defaults when none are configured).")
            .Produces<QueueSettings>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/", Put)
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replaces the queue's thresholds and rules; an empty rule list restores the channel defaults. Queues not yet seen are configured under ControlRoom:Queues.")
            .Produces<QueueSettings>()
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> Put(string queueId, QueueSettings? settings, KnownIds known, IGrainFactory grains, ILoggerFactory loggers, HttpContext context)
    {
        // Only queues that exist: a settings write would otherwise create a grain (and stored state) for any id typed.
        if (!await known.IsQueueAsync(queueId, context.RequestAborted))
        {
            return Problems.UnknownQueue(queueId);
        }

        if (settings is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: UiMessages.Get("Problem_SettingsMissing"), detail: UiMessages.Get("Problem_SettingsMissing_Detail"));
        }

        var errors = QueueSettingsValidator.Validate(settings);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: UiMessages.Get("Problem_SettingsNotApplied"));
        }

        var grain = grains.GetGrain<IQueueGrain>(queueId);
        await grain.UpdateSettings(settings);
        var user = context.User.Identity?.Name ?? "?";
        var ruleCount = settings.Rules.Count;
        var logger = loggers.CreateLogger("ControlRoom.Settings");
        SettingsLog.Changed(logger, queueId, user, ruleCount);
        return Results.Ok(await grain.GetSettings());
    }

    private static IResult BadQueueId(string queueId) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: UiMessages.Get("Problem_BadQueueId"), detail: UiMessages.Get("Problem_BadQueueId_Detail", queueId));
}

internal static partial class SettingsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Settings of queue {QueueId} changed by {User}: {RuleCount} rules")]
    public static partial void Changed(ILogger logger, string queueId, string user, int ruleCount);
}
