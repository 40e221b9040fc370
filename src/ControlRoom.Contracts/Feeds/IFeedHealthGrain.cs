using Orleans.Concurrency;

namespace ControlRoom.Contracts.Feeds;

/// <summary>
/// Every source's health, cluster-wide and durable (key 0): nodes report what each request brought, and every node
/// reads the same picture, so a restarted node or a second one agrees on which feed is dead.
/// </summary>
[Alias("cr.IFeedHealthGrain")]
public interface IFeedHealthGrain : IGrainWithIntegerKey
{
    /// <summary>One-way: ingest never waits for feed health, nor fails because of it.</summary>
    [OneWay, Alias("Report")]
    Task Report(FeedReport report);

    /// <summary>
    /// The same, awaited, with every source's status after it: for a source this node shows as stalled, so its tiles
    /// turn live as soon as it delivers again rather than at the next check.
    /// </summary>
    [Alias("ReportAndGet")]
    Task<IReadOnlyList<FeedStatus>> ReportAndGet(FeedReport report);

    /// <summary>Judges every source against its quiet limit now (raising or clearing feed-stalled alerts) and returns them all.</summary>
    [Alias("Check")]
    Task<IReadOnlyList<FeedStatus>> Check();

    [Alias("GetFeeds")]
    Task<IReadOnlyList<FeedStatus>> GetFeeds();
}
