namespace ControlRoom.Cli.Ingest;

/// <summary>How long to wait before sending a refused-for-now request again.</summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);

    /// <summary>A host that is down for an hour is asked twice a minute, not hammered and not forgotten.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After beyond this is taken as a mistake rather than obeyed for hours.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>The host's <c>Retry-After</c> when it gave one; otherwise 0.5 s doubling per attempt up to 30 s.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxRetryAfter ? MaxRetryAfter : asked;
        }

        var doublings = Math.Clamp(attempt - 1, 0, 16);
        var delay = First * (1 << doublings);
        return delay > Cap ? Cap : delay;
    }
}
