using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Domain.Staffing;

/// <summary>What the staffing maths reads of one queue: its snapshot and its intervals of <see cref="BreachForecast.HistoryWindow"/>.</summary>
public sealed record QueueReading(QueueSnapshot Snapshot, IReadOnlyList<IntervalFigures> Intervals)
{
    /// <summary>Contacts offered in the 15-minute interval the snapshot is in.</summary>
    public int OfferedThisInterval => Intervals.Where(i => i.Start == EventClock.IntervalStart(Snapshot.AsOf)).Sum(i => i.Figures.Offered);
}

/// <summary>One queue's staffing now and its forecast, computed together from the same reading.</summary>
public sealed record QueueOutlook(QueueStaffing Staffing, QueueForecast Forecast);

/// <summary>
/// The staffing of every queue at once — the one computation the planner table, the what-if, the recommendations,
/// <c>/forecast</c> and the predicted-breach banner all read. Multiskill agents are shared between their queues by
/// the queues' loads, so one queue's figures depend on the others': they are always computed together.
/// </summary>
public sealed class StaffingPicture
{
    private StaffingPicture(IReadOnlyList<QueueOutlook> queues, Dictionary<string, double> loads, Dictionary<string, double> effective)
    {
        Queues = queues;
        Loads = loads;
        Effective = effective;
    }

    /// <summary>Every queue, the most short of agents first.</summary>
    public IReadOnlyList<QueueOutlook> Queues { get; }

    /// <summary>Each queue's offered load in Erlangs of agent time (<see cref="SharedCapacity.Load"/>).</summary>
    public IReadOnlyDictionary<string, double> Loads { get; }

    /// <summary>Each queue's effective agents (<see cref="SharedCapacity.Effective"/>).</summary>
    public IReadOnlyDictionary<string, double> Effective { get; }

    /// <param name="queues">Every queue's reading.</param>
    /// <param name="loggedIn">The queues of every agent logged in (away included, as the queues count them).</param>
    public static StaffingPicture Of(IEnumerable<QueueReading> queues, IEnumerable<IReadOnlyCollection<string>> loggedIn)
    {
        var readings = queues.ToList();
        var alone = readings.Select(r => LiveStaffing.Assess(r.Snapshot, r.OfferedThisInterval)).ToList();
        var loads = alone.ToDictionary(q => q.QueueId, SharedCapacity.Load, StringComparer.Ordinal);
        var effective = SharedCapacity.Effective(loggedIn, loads);
        var outlooks = readings.Zip(alone, (reading, staffing) =>
            {
                var shared = LiveStaffing.Shared(staffing, effective.GetValueOrDefault(staffing.QueueId));
                return new QueueOutlook(shared, BreachForecast.Forecast(shared, reading.Intervals));
            })
            .OrderBy(o => o.Staffing.Gap ?? 0).ThenBy(o => o.Staffing.QueueId, StringComparer.Ordinal)
            .ToList();
        return new StaffingPicture(outlooks, loads, effective);
    }

    public QueueOutlook? For(string queueId) =>
        Queues.FirstOrDefault(q => string.Equals(q.Staffing.QueueId, queueId, StringComparison.Ordinal));
}
