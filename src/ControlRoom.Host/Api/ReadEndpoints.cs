using System.Globalization;
using System.Text;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Agents;
using ControlRoom.Host.Resources;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Api;

/// <summary>Contract §3: live snapshots, interval history, agents.</summary>
public static class ReadEndpoints
{
    public static IServiceCollection AddReadApi(this IServiceCollection services)
    {
        services.AddSingleton<KnownIds>();
        return services;
    }

    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(Policies.Reader);
        api.MapGet("/queues", async (LiveQueries queries) => Results.Ok(await queries.QueuesAsync()))
            .WithSummary("Every queue's live snapshot.")
            .Produces<IReadOnlyList<QueueSnapshot>>();
        api.MapGet("/queues/{queueId}", async (string queueId, KnownIds known, IGrainFactory grains, CancellationToken cancellationToken) =>
                await known.IsQueueAsync(queueId, cancellationToken) && await grains.GetGrain<IQueueGrain>(queueId).GetSnapshot() is { } snapshot
                    ? Results.Ok(snapshot)
                    : Problems.UnknownQueue(queueId))
            .WithSummary("One queue's live snapshot.")
            .Produces<QueueSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/queues/{queueId}/intervals", Intervals)
            .RequireRateLimiting(RateLimits.Expensive)
            .WithSummary("15-minute intervals in event time (JSON, or CSV with Accept: text/csv).")
            .Produces<IReadOnlyList<IntervalRow>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/agents", Agents)
            .WithSummary("Agents' states, filtered and paged on the server: ?team=, ?queueId=, ?state=; ?page= and ?pageSize= page the answer as {total, page, pageSize, items}.")
            .Produces<IReadOnlyList<AgentSnapshot>>()
            .ProducesValidationProblem();
        api.MapGet("/agents/{agentId}", async (string agentId, KnownIds known, IGrainFactory grains, CancellationToken cancellationToken) =>
                await known.IsAgentAsync(agentId, cancellationToken) && await grains.GetGrain<IAgentGrain>(agentId).GetSnapshot() is { } snapshot
                    ? Results.Ok(snapshot)
                    : Problems.UnknownAgent(agentId))
            .WithSummary("One agent's state.")
            .Produces<AgentSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>
    /// Without <c>page</c> or <c>pageSize</c> the answer is the filtered list itself (the shape from before paging);
    /// with either, one page and the total. The states are read from the grains, as every read of the API is.
    /// </summary>
    private static async Task<IResult> Agents(HttpRequest request, LiveQueries queries)
    {
        var (query, paged, errors) = AgentQuery.Parse(request.Query);
        if (query is null)
        {
            return Problems.Invalid(errors);
        }

        var page = query.Apply(await queries.AgentsAsync());
        return paged ? Results.Ok(new { page.Total, page.Page, page.PageSize, page.Items }) : Results.Ok(page.Items);
    }

    private static async Task<IResult> Intervals(string queueId, string? from, string? to, HttpRequest request, KnownIds known, IGrainFactory grains,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetUtcNow();
        var fromAt = ParseBound(from, "from", errors) ?? new DateTimeOffset(now.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        var toAt = ParseBound(to, "to", errors) ?? now.AddDays(1);
        if (errors.Count == 0 && toAt <= fromAt)
        {
            errors["to"] = [UiMessages.Get("Error_ToAfterFrom")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // The directory first: a grain reference is not even made for an id no event has named (nor could one be for some).
        if (!await known.IsQueueAsync(queueId, cancellationToken))
        {
            return Problems.UnknownQueue(queueId);
        }

        var grain = grains.GetGrain<IQueueGrain>(queueId);
        if (await grain.GetSnapshot() is null)
        {
            return Problems.UnknownQueue(queueId);
        }

        var intervals = (await grain.GetIntervals(fromAt, toAt)).Select(IntervalRow.From).ToList();
        return request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(IntervalRow.ToCsv(intervals), "text/csv; charset=utf-8")
            : Results.Ok(intervals);
    }

    /// <summary>An optional date bound of a query; a malformed one is added to <paramref name="errors"/>.</summary>
    internal static DateTimeOffset? ParseBound(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[name] = [UiMessages.Get("Error_NotADate", value)];
        return null;
    }
}

/// <summary>One row of the interval report (contract §3 field names).</summary>
public sealed record IntervalRow(
    DateTimeOffset Start, int Offered, int Answered, int Abandoned, int ShortAbandoned, int AnsweredWithinThreshold,
    double? ServiceLevel, double? Asa, double? Aht, double? MaxWaitSeconds, double? AbandonRate, int TransferredOut)
{
    public static IntervalRow From(IntervalFigures i) => new(i.Start, i.Figures.Offered, i.Figures.Answered, i.Figures.Abandoned,
        i.Figures.ShortAbandoned, i.Figures.AnsweredWithinThreshold, i.Figures.ServiceLevel, i.Figures.Asa, i.Figures.Aht,
        i.Figures.MaxWaitSeconds, i.Figures.AbandonRate, i.Figures.TransferredOut);

    public static string ToCsv(IEnumerable<IntervalRow> rows)
    {
        var csv = new StringBuilder("start,offered,answered,abandoned,shortAbandoned,answeredWithinThreshold,serviceLevel,asa,aht,maxWaitSeconds,abandonRate,transferredOut\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{r.Start:yyyy-MM-ddTHH:mm:ssZ},{r.Offered},{r.Answered},{r.Abandoned},{r.ShortAbandoned},{r.AnsweredWithinThreshold},{r.ServiceLevel},{r.Asa},{r.Aht},{r.MaxWaitSeconds},{r.AbandonRate},{r.TransferredOut}\n");
        }

        return csv.ToString();
    }
}

/// <summary>Fan-out reads over the directory, shared by the API, the hub and the boards.</summary>
public sealed class LiveQueries(IGrainFactory grains)
{
    public async Task<IReadOnlyList<QueueSnapshot>> QueuesAsync(IReadOnlyCollection<string>? only = null)
    {
        var ids = await grains.GetGrain<IDirectoryGrain>(0).GetQueues();
        var wanted = ids.Where(Selects(only)).ToList();
        var snapshots = await Task.WhenAll(wanted.Select(id => grains.GetGrain<IQueueGrain>(id).GetSnapshot()));
        return [.. snapshots.OfType<QueueSnapshot>()];
    }

    public async Task<IReadOnlyList<AgentSnapshot>> AgentsAsync()
    {
        var ids = await grains.GetGrain<IDirectoryGrain>(0).GetAgents();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IAgentGrain>(id).GetSnapshot()));
        return [.. snapshots.OfType<AgentSnapshot>()];
    }

    /// <summary>The breach forecasts in force now (rule <c>forecast-service-level</c>), from the cluster's forecaster.</summary>
    public Task<IReadOnlyList<Deviation>> PredictionsAsync() => grains.GetGrain<IBreachForecastGrain>(0).GetPredictions();

    public static bool IsValidQueueId(string id) => id == AllQueues || EventValidator.IsValidKey(id);

    /// <summary>Which queues a selection names: every one for none or <c>"*"</c>, else those listed.</summary>
    public static Func<string, bool> Selects(IReadOnlyCollection<string>? only) =>
        only is null || only.Contains(AllQueues) ? _ => true : id => only.Contains(id);

    /// <summary>The selection of every queue, on the API and the hub alike.</summary>
    public const string AllQueues = "*";
}
