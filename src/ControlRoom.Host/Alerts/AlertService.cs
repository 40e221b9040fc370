using ControlRoom.Contracts.Alerts;
using ControlRoom.Domain.Alerts;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Alerts;

/// <summary>
/// Reads and acts on alerts across queues; shared by the REST API and the console. Alerts exist only for queues the
/// directory knows, so an alert book is asked only then: an id naming any other queue activates nothing.
/// </summary>
public sealed class AlertService(IGrainFactory grains, KnownIds known)
{
    public async Task<IReadOnlyList<AlertView>> ListAsync(AlertFilter filter)
    {
        IReadOnlyList<string> queues = filter.QueueId is { } only
            ? await known.IsQueueAsync(only) ? [only] : []
            : await grains.GetGrain<IAlertIndexGrain>(0).GetQueues();
        var books = await Task.WhenAll(queues.Select(q => grains.GetGrain<IAlertBookGrain>(q).GetAlerts()));
        return [.. books.SelectMany(b => b).Where(filter.Matches).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<AlertView?> GetAsync(string alertId) =>
        AlertBook.QueueOf(alertId) is { } queueId && await known.IsQueueAsync(queueId)
            ? await grains.GetGrain<IAlertBookGrain>(queueId).GetAlert(alertId)
            : null;

    public async Task<AlertCommandResult> ActAsync(string alertId, AlertCommand command) =>
        AlertBook.QueueOf(alertId) is { } queueId && await known.IsQueueAsync(queueId)
            ? await grains.GetGrain<IAlertBookGrain>(queueId).Act(alertId, command)
            : new AlertCommandResult(AlertCommandOutcome.NotFound, null, $"No alert '{alertId}'.");
}

/// <summary>The list query: <c>status</c> (or <c>active</c> for all but resolved), queue, raised between from and to.</summary>
public sealed record AlertFilter(AlertStatus? Status = null, bool ActiveOnly = false, string? QueueId = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public bool Matches(AlertView alert) =>
        (Status is null || alert.Status == Status)
        && (!ActiveOnly || alert.Status != AlertStatus.Resolved)
        && (From is null || alert.RaisedAt >= From)
        && (To is null || alert.RaisedAt < To);
}
