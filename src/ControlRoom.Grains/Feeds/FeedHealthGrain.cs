using ControlRoom.Contracts.Alerts;
using ControlRoom.Contracts.Feeds;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Feeds;
using ControlRoom.Domain.Rules;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlRoom.Grains.Feeds;

/// <summary>
/// Every source's health (key 0). Reports are kept in memory and written every few seconds (a crash loses at most
/// that much of the counts, never a verdict: a new source and every stall or recovery are written at once). A stalled
/// source raises a <c>feed-stalled</c> alert on each queue it feeds, through that queue's alert book, so it reaches
/// the alert console and the webhooks like any rule's alert.
/// </summary>
public sealed partial class FeedHealthGrain(
    [PersistentState("feeds", StorageNames.State)] IPersistentState<FeedBook> state,
    IOptions<FeedHealthOptions> options,
    IOptions<ControlRoomGrainOptions> grainOptions,
    FeedClock clock,
    ILogger<FeedHealthGrain> logger) : Grain, IFeedHealthGrain
{
    public const string RulePrefix = "feed-stalled:";

    private bool dirty;

    private FeedBook Book => state.State;

    private FeedHealthOptions Options => options.Value;

    private DateTimeOffset Now => clock.Time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = grainOptions.Value.PersistInterval;
        this.RegisterGrainTimer(SaveIfDirty, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await SaveIfDirty(cancellationToken);

    public async Task Report(FeedReport report)
    {
        var wasStalled = Book.Sources.TryGetValue(report.Source, out var known) && known.Stalled;
        dirty = true;
        if (Book.Report(report))
        {
            LogNewSource(report.Source);
            await Save();
        }

        if (wasStalled && report.IsAlive)
        {
            await Judge(); // back at once: the alert clears and the tiles turn live on the next read
        }
    }

    public async Task<IReadOnlyList<FeedStatus>> ReportAndGet(FeedReport report)
    {
        await Report(report);
        return await GetFeeds();
    }

    public async Task<IReadOnlyList<FeedStatus>> Check()
    {
        await Judge();
        return await GetFeeds();
    }

    public Task<IReadOnlyList<FeedStatus>> GetFeeds() =>
        Task.FromResult(Book.Statuses(Now, Options.QuietLimitOf, Options.LabelOf));

    private async Task Judge()
    {
        var now = Now;
        var transitions = Book.Judge(now, Options.QuietLimitOf);
        if (transitions.Count == 0)
        {
            return;
        }

        await Save();
        foreach (var t in transitions)
        {
            if (t.Stalled)
            {
                LogStalled(t.Source, t.SilentSince, t.Queues.Count);
            }
            else
            {
                LogBack(t.Source, t.SilentFor);
            }

            var rule = StalledRule(t.Source, t.QuietLimit);
            foreach (var queueId in t.Queues)
            {
                var deviation = new Deviation(queueId, rule.RuleId, rule.Metric, t.Stalled ? Severity.Critical : Severity.Ok,
                    Math.Round(t.SilentFor.TotalSeconds), rule.Warning, t.SilentSince, now);
                await GrainFactory.GetGrain<IAlertBookGrain>(queueId).Observe(deviation, rule);
            }
        }
    }

    /// <summary>The rule a feed-stalled alert shows: silence in seconds against the source's quiet limit.</summary>
    public SlaRule StalledRule(string source, TimeSpan quietLimit) =>
        new(RulePrefix + source, SlaMetrics.FeedSilence, Comparison.Above, quietLimit.TotalSeconds, quietLimit.TotalSeconds)
        {
            Runbook = $"No data from {Options.LabelOf(source)}: check the connector or platform (process running, network, API key, callback URL). See docs/sources/feed-health.md.",
        };

    private async Task SaveIfDirty(CancellationToken cancellationToken)
    {
        if (dirty)
        {
            await Save();
        }
    }

    private async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
            dirty = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            dirty = true; // written again by the next timer tick
            LogSaveFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed health: new source {Source}")]
    private partial void LogNewSource(string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Source} stalled: nothing since {LastReceivedAt}; feed-stalled raised on {Queues} queues")]
    private partial void LogStalled(string source, DateTimeOffset lastReceivedAt, int queues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {Source} delivers again after {SilentFor}")]
    private partial void LogBack(string source, TimeSpan silentFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed health could not be saved; retrying")]
    private partial void LogSaveFailed(Exception exception);
}
