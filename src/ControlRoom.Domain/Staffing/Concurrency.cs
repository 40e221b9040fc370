using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Staffing;

/// <summary>Where the concurrency a queue is staffed with comes from.</summary>
public enum ConcurrencySource
{
    /// <summary>Voice, callback and e-mail: one contact at a time, whatever is configured.</summary>
    OneAtATime,

    /// <summary>The queue's <c>maxConcurrentContacts</c> (its settings, or the configured default).</summary>
    Configured,

    /// <summary>Unset: what the queue's agents were seen holding at once (<see cref="Concurrency.Observe"/>).</summary>
    Observed,

    /// <summary>Unset and nothing observed yet: the channel's usual figure (<see cref="Concurrency.ChannelDefault"/>).</summary>
    ChannelDefault,
}

/// <summary>How many contacts of a queue one agent handles at once, and where the figure comes from.</summary>
public sealed record QueueConcurrency(double Contacts, ConcurrencySource Source)
{
    public static QueueConcurrency OneAtATime { get; } = new(1, ConcurrencySource.OneAtATime);
}

/// <summary>
/// Agents of chat, messaging and social queues hold several contacts at once. The staffing maths takes that into
/// account the way workforce planning usually does: the workload of a contact is its handle time divided by the
/// concurrency (an agent on three chats of ten minutes spends about three minutes of their time on each), and
/// Erlang C is applied to that workload with the agents as servers. See docs/staffing.md.
/// </summary>
public static class Concurrency
{
    /// <summary>The most contacts one agent may be configured to hold at once.</summary>
    public const int MaxContacts = 20;

    /// <summary>Contacts held longer than this without an end are taken as lost by the source, not in progress.</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromHours(4);

    /// <summary>The window over which agents' holding is observed.</summary>
    public static readonly TimeSpan ObservationWindow = TimeSpan.FromMinutes(30);

    /// <summary>Channels whose agents hold several contacts at once.</summary>
    public static bool IsConcurrent(Channel? channel) => channel is Channel.Chat or Channel.Messaging or Channel.Social;

    /// <summary>
    /// The usual figure when a queue configures none and nothing was observed yet: three chats (the common planning
    /// figure for live chat, where quality drops beyond two or three), four conversations on messaging and social
    /// (customers answer in minutes, so an agent keeps more of them going); one for every other channel.
    /// </summary>
    public static int ChannelDefault(Channel? channel) => channel switch
    {
        Channel.Chat => 3,
        Channel.Messaging or Channel.Social => 4,
        _ => 1,
    };

    /// <summary>The concurrency the staffing maths uses for this queue: configured, else observed, else the channel's usual one.</summary>
    public static QueueConcurrency Of(QueueSnapshot snapshot)
    {
        if (!IsConcurrent(snapshot.Channel))
        {
            return QueueConcurrency.OneAtATime;
        }

        if (snapshot.MaxConcurrentContacts is { } configured)
        {
            return new QueueConcurrency(configured, ConcurrencySource.Configured);
        }

        return snapshot.ObservedConcurrency is { } observed
            ? new QueueConcurrency(observed, ConcurrencySource.Observed)
            : new QueueConcurrency(ChannelDefault(snapshot.Channel), ConcurrencySource.ChannelDefault);
    }

    /// <summary>
    /// The concurrency the queue's agents are seen to handle over [<paramref name="from"/>, <paramref name="to"/>]:
    /// for each agent the most of the queue's contacts they held at once (event time, so the order events arrive in
    /// does not matter), and the median of those peaks, rounded up — half the agents were seen holding that many.
    /// A peak rather than the average: the average is the load divided by the agents, so a quiet half hour would
    /// read as agents able to hold one chat only. The median rather than the highest peak: one agent's stuck
    /// conversation does not make everyone a juggler. Null when no agent held a contact in the window.
    /// </summary>
    public static double? Observe(IEnumerable<(string AgentId, DateTimeOffset From, DateTimeOffset? To)> held, DateTimeOffset from, DateTimeOffset to)
    {
        var peaks = new List<int>();
        foreach (var agent in held.Where(h => h.From <= to && (h.To ?? to) >= from).GroupBy(h => h.AgentId, StringComparer.Ordinal))
        {
            // An end before a start at the same instant: a chat taken as another ends was never held with it.
            var edges = agent.SelectMany(h => new[] { (At: h.From, Step: +1), (At: h.To ?? to, Step: -1) })
                .OrderBy(e => e.At).ThenBy(e => e.Step);
            int holding = 0, peak = 0;
            foreach (var (_, step) in edges)
            {
                holding += step;
                peak = Math.Max(peak, holding);
            }

            peaks.Add(peak);
        }

        if (peaks.Count == 0)
        {
            return null;
        }

        peaks.Sort();
        return Math.Clamp(peaks[peaks.Count / 2], 1, MaxContacts);
    }
}
