using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Host.Components.Board;

/// <summary>A breach on screen: the latest figures of one rule on one queue; times are read in the queue's <see cref="TimeZone"/>.</summary>
public sealed record ActiveBreach(string QueueId, string RuleId, string Metric, Severity Severity, double Value, double Threshold, DateTimeOffset Since)
{
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>A breach that just recovered; shown for <see cref="BoardState.RecoveryShownFor"/>, then dropped.</summary>
public sealed record Recovery(string QueueId, string RuleId, string Metric, DateTimeOffset At, DateTimeOffset ShownUntil)
{
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>What a queue's snapshot changed on a board: its tile only, the set of tiles, or the banners too.</summary>
[Flags]
public enum BoardChange
{
    /// <summary>Not on this board, or older than what the board shows.</summary>
    None = 0,

    /// <summary>A tile's figures: the tile re-renders on its own, the board does not.</summary>
    Tile = 1,

    /// <summary>A queue the board did not show yet: the layout and the pages change.</summary>
    Added = 2,

    /// <summary>The queue's breach banners changed.</summary>
    Banners = 4,
}

/// <summary>
/// What one board shows, kept apart from rendering so its rules (which queues, which banners, when a recovery goes)
/// are plain code. Not thread-safe: the board touches it on its render thread only.
/// </summary>
/// <param name="includes">Which queues the board shows.</param>
/// <param name="order">The tile order an admin chose for a named board; null (the all-queues board) sorts by id.</param>
public sealed class BoardState(Func<string, bool> includes, IReadOnlyList<string>? order = null)
{
    private readonly Dictionary<string, int>? rank = order?
        .Select((queueId, index) => (queueId, index))
        .DistinctBy(p => p.queueId, StringComparer.Ordinal)
        .ToDictionary(p => p.queueId, p => p.index, StringComparer.Ordinal);

    public static readonly TimeSpan RecoveryShownFor = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, QueueSnapshot> queues = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Queue, string Rule), ActiveBreach> breaches = [];
    private readonly List<Recovery> recoveries = [];

    /// <summary>Predicted breaches by queue: kept apart from real ones, which every queue snapshot replaces.</summary>
    private readonly Dictionary<string, ActiveBreach> predictions = new(StringComparer.Ordinal);

    /// <summary>In the board's own order, then any other queue by id.</summary>
    public IEnumerable<QueueSnapshot> Queues => Ordered(queues.Values);

    /// <summary>The queue ids in tile order; sorting 1,000 ids is done when the board lays out, not per change.</summary>
    public IReadOnlyList<string> QueueIds() => [.. Ordered(queues.Values).Select(q => q.QueueId)];

    private IEnumerable<QueueSnapshot> Ordered(IEnumerable<QueueSnapshot> snapshots) => snapshots
        .OrderBy(q => rank is not null && rank.TryGetValue(q.QueueId, out var at) ? at : int.MaxValue)
        .ThenBy(q => q.QueueId, StringComparer.Ordinal);

    /// <summary>Critical first, then the oldest: the banner that matters most is on top.</summary>
    public IEnumerable<ActiveBreach> Breaches => breaches.Values
        .OrderByDescending(b => b.Severity).ThenBy(b => b.Since).ThenBy(b => b.QueueId, StringComparer.Ordinal);

    public IReadOnlyList<Recovery> Recoveries => recoveries;

    /// <summary>Forecast breaches (not yet real), the lowest forecast first.</summary>
    public IEnumerable<ActiveBreach> Predictions => predictions.Values
        .OrderBy(p => p.Value).ThenBy(p => p.QueueId, StringComparer.Ordinal);

    public int Count => queues.Count;

    /// <summary>Replaces everything with a full snapshot (first load and every resynchronisation).</summary>
    public void Load(IEnumerable<QueueSnapshot> snapshots, IEnumerable<Deviation> forecasts)
    {
        queues.Clear();
        breaches.Clear();
        predictions.Clear();
        foreach (var snapshot in snapshots)
        {
            Apply(snapshot);
        }

        foreach (var forecast in forecasts.Where(f => includes(f.QueueId) && f.Severity != Severity.Ok))
        {
            predictions[forecast.QueueId] = Breach(forecast);
        }
    }

    /// <returns>True when the board shows this queue.</returns>
    public bool Apply(QueueSnapshot snapshot) => Update(snapshot) != BoardChange.None;

    /// <summary>Takes a queue's snapshot and says what it changed, so the board re-renders only what moved.</summary>
    public BoardChange Update(QueueSnapshot snapshot)
    {
        if (!includes(snapshot.QueueId))
        {
            return BoardChange.None;
        }

        // Snapshots can overtake one another on the way; an older one never replaces a newer one.
        var added = !queues.TryGetValue(snapshot.QueueId, out var known);
        if (known is not null && known.AsOf > snapshot.AsOf)
        {
            return BoardChange.None;
        }

        queues[snapshot.QueueId] = snapshot;
        var change = added ? BoardChange.Tile | BoardChange.Added : BoardChange.Tile;
        var before = breaches.Count == 0 ? [] : breaches.Values.Where(b => b.QueueId == snapshot.QueueId).OrderBy(b => b.RuleId, StringComparer.Ordinal).ToList();
        foreach (var b in before)
        {
            breaches.Remove((b.QueueId, b.RuleId));
        }

        var after = new List<ActiveBreach>();
        foreach (var b in snapshot.Breaches.Where(b => b.Severity != Severity.Ok).OrderBy(b => b.RuleId, StringComparer.Ordinal))
        {
            var breach = new ActiveBreach(snapshot.QueueId, b.RuleId, b.Metric, b.Severity, b.Value, b.Threshold, b.Since) { TimeZone = snapshot.TimeZone };
            breaches[(snapshot.QueueId, b.RuleId)] = breach;
            after.Add(breach);
        }

        return before.SequenceEqual(after) ? change : change | BoardChange.Banners;
    }

    /// <summary>The queue's own zone, for its banners' times; UTC for a queue not seen yet.</summary>
    private string ZoneOf(string queueId) => queues.TryGetValue(queueId, out var q) ? q.TimeZone : "UTC";

    /// <returns>True when the board shows this queue.</returns>
    public bool Apply(Deviation deviation, DateTimeOffset now)
    {
        if (!includes(deviation.QueueId))
        {
            return false;
        }

        // A forecast recovering is no news for the room: its banner just goes.
        if (deviation.RuleId == BreachForecast.RuleId)
        {
            if (deviation.Severity == Severity.Ok)
            {
                predictions.Remove(deviation.QueueId);
            }
            else
            {
                predictions[deviation.QueueId] = Breach(deviation);
            }

            return true;
        }

        var key = (deviation.QueueId, deviation.RuleId);
        if (deviation.Severity == Severity.Ok)
        {
            breaches.Remove(key);
            recoveries.RemoveAll(r => r.QueueId == deviation.QueueId && r.RuleId == deviation.RuleId);
            recoveries.Add(new Recovery(deviation.QueueId, deviation.RuleId, deviation.Metric, deviation.OccurredAt, now + RecoveryShownFor) { TimeZone = ZoneOf(deviation.QueueId) });
        }
        else
        {
            recoveries.RemoveAll(r => r.QueueId == deviation.QueueId && r.RuleId == deviation.RuleId);
            breaches[key] = Breach(deviation);
        }

        return true;
    }

    private ActiveBreach Breach(Deviation d) => new(d.QueueId, d.RuleId, d.Metric, d.Severity, d.Value, d.Threshold, d.Since) { TimeZone = ZoneOf(d.QueueId) };

    /// <returns>True when a recovery went off screen.</returns>
    public bool ExpireRecoveries(DateTimeOffset now) => recoveries.RemoveAll(r => r.ShownUntil <= now) > 0;
}
