namespace ControlRoom.Contracts.Feeds;

/// <summary>
/// What one request from one source brought, as the node that took it saw it: events taken (new and repeated),
/// input refused, the lag between the events' <c>occurredAt</c> and their arrival, and the queues they name.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.FeedReport")]
public sealed record FeedReport(
    [property: Id(0)] string Source,
    [property: Id(1)] DateTimeOffset ArrivedAt)
{
    /// <summary>Events taken (new ones and repeats of events already applied): the source is alive and sending.</summary>
    [Id(2)] public int Events { get; init; }

    [Id(3)] public int Duplicates { get; init; }

    /// <summary>Messages refused (invalid events, bad signature, unreadable body): they do not prove the feed alive.</summary>
    [Id(4)] public int Rejected { get; init; }

    /// <summary>Messages understood but not counted (a platform's event that maps to nothing): the feed is alive.</summary>
    [Id(5)] public int Ignored { get; init; }

    /// <summary>The largest and the summed arrival − occurredAt of the events, in milliseconds (never negative).</summary>
    [Id(6)] public long MaxLagMs { get; init; }

    [Id(7)] public long TotalLagMs { get; init; }

    /// <summary>The queues the events name (queueId, toQueueId, an agent's queueIds): the tiles this source feeds.</summary>
    [Id(8)] public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>True when the report proves the source is delivering (events or ignored messages arrived).</summary>
    public bool IsAlive => Events > 0 || Ignored > 0;
}

/// <summary>A source's health as every node and screen reads it.</summary>
[GenerateSerializer, Immutable, Alias("cr.FeedStatus")]
public sealed record FeedStatus
{
    [Id(0)] public required string Source { get; init; }

    /// <summary>A name people know the source by (configured), else the source key itself.</summary>
    [Id(1)] public required string Label { get; init; }

    [Id(2)] public FeedState State { get; init; }

    /// <summary>When the source last delivered (events or understood messages); null when it never did.</summary>
    [Id(3)] public DateTimeOffset? LastReceivedAt { get; init; }

    [Id(4)] public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>Events per minute over the last five minutes.</summary>
    [Id(5)] public double EventsPerMinute { get; init; }

    [Id(6)] public long EventsTotal { get; init; }

    [Id(7)] public long DuplicatesTotal { get; init; }

    [Id(8)] public long RejectedTotal { get; init; }

    [Id(9)] public long IgnoredTotal { get; init; }

    /// <summary>Messages refused over the last five minutes.</summary>
    [Id(10)] public int RejectedRecent { get; init; }

    /// <summary>Mean and largest arrival − occurredAt of the last five minutes' events, seconds; null without events then.</summary>
    [Id(11)] public double? LagSeconds { get; init; }

    [Id(12)] public double? MaxLagSeconds { get; init; }

    [Id(13)] public double QuietLimitSeconds { get; init; }

    /// <summary>Since when the source is stalled (its last delivery); null while it is live.</summary>
    [Id(14)] public DateTimeOffset? StalledSince { get; init; }

    [Id(15)] public IReadOnlyList<string> Queues { get; init; } = [];
}

[GenerateSerializer, Alias("cr.FeedState")]
public enum FeedState
{
    /// <summary>Delivering within its quiet limit.</summary>
    Live,

    /// <summary>Silent longer than its quiet limit: its tiles say so and a feed-stalled alert is open.</summary>
    Stalled,

    /// <summary>Seen only through refused input: it has never delivered anything usable.</summary>
    Refused,
}
