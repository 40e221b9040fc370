using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Grains;

namespace ControlRoom.Host.Callbacks;

/// <summary>
/// Reads and acts on the worklist; shared by the API and the page. Each entry is marked short when its wait is
/// within its queue's short-abandon threshold, the rule the KPIs use (<c>KpiAccumulator</c>).
/// </summary>
public sealed class CallbackService(IGrainFactory grains)
{
    private ICallbackBookGrain Book => grains.GetGrain<ICallbackBookGrain>(0);

    public async Task<IReadOnlyList<CallbackView>> ListAsync(CallbackFilter filter)
    {
        var entries = (await Book.GetCallbacks()).Where(filter.Matches).ToList();
        return Sorted(await MarkShortAsync(entries));
    }

    public async Task<CallbackCommandResult> ActAsync(string interactionId, CallbackCommand command)
    {
        var result = await Book.Act(interactionId, command);
        return result.Callback is { } entry ? result with { Callback = (await MarkShortAsync([entry]))[0] } : result;
    }

    public async Task<IReadOnlyList<CallbackView>> MarkShortAsync(IReadOnlyList<CallbackView> entries)
    {
        var queues = entries.Select(e => e.QueueId).Distinct(StringComparer.Ordinal).ToList();
        var thresholds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (queueId, settings) in queues.Zip(await Task.WhenAll(queues.Select(q => grains.GetGrain<IQueueGrain>(q).GetSettings()))))
        {
            thresholds[queueId] = settings.ShortAbandonSeconds;
        }

        return [.. entries.Select(e => e with { ShortAbandon = IsShort(e, thresholds[e.QueueId]) })];
    }

    /// <summary>Within the threshold, in whole milliseconds, as the KPIs count a short abandon.</summary>
    public static bool IsShort(CallbackView entry, int shortAbandonSeconds) =>
        (long)(entry.AbandonedAt - entry.OfferedAt).TotalMilliseconds <= shortAbandonSeconds * 1000L;

    /// <summary>Open ones first, the oldest first (the customer who has waited longest for a call); then closed ones, newest first.</summary>
    public static List<CallbackView> Sorted(IEnumerable<CallbackView> entries) =>
    [
        .. entries.OrderBy(e => e.IsOpen ? 0 : 1)
            .ThenBy(e => e.IsOpen ? e.AbandonedAt.UtcTicks : -e.AbandonedAt.UtcTicks)
            .ThenBy(e => e.InteractionId, StringComparer.Ordinal),
    ];
}

/// <summary>The list query: status (<c>open</c> also takes claimed ones, <c>closed</c> done and auto-closed), queue, abandoned in [from, to).</summary>
public sealed record CallbackFilter(string? Status = null, string? QueueId = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static IReadOnlyList<string> Statuses { get; } = ["open", "claimed", "done", "autoclosed", "closed", "all"];

    public bool Matches(CallbackView entry) =>
        (QueueId is null || entry.QueueId == QueueId)
        && (From is null || entry.AbandonedAt >= From)
        && (To is null || entry.AbandonedAt < To)
        && Status switch
        {
            null or "all" => true,
            "open" => entry.IsOpen,
            "closed" => !entry.IsOpen,
            _ => string.Equals(entry.Status.ToString(), Status, StringComparison.OrdinalIgnoreCase),
        };
}
