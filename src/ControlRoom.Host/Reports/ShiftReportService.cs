using ControlRoom.Contracts.Boards;
using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using ControlRoom.Contracts.Reports;
using ControlRoom.Domain.Reports;
using ControlRoom.Host.Alerts;
using ControlRoom.Host.Api;
using ControlRoom.Host.Components.Clock;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Reports;

/// <summary>
/// Produces a shift's report, for any past occurrence, from the queues' intervals (the figures) and the room's
/// records: alerts, reroutes, the call-back worklist, and the open contacts recorded at the shift's end.
/// </summary>
public sealed class ShiftReportService(
    IGrainFactory grains,
    KnownQueues known,
    AlertService alerts,
    IOptions<ReportOptions> options,
    IConfiguration configuration,
    [FromKeyedServices(ReportsExtensions.ClockKey)] TimeProvider clock)
{
    /// <summary>How many recent reroutes a report looks through (the reroute log's own bound).</summary>
    private const int RerouteHistory = 1000;

    public IReadOnlyList<ShiftDefinition> Shifts => options.Value.Shifts;

    /// <summary>The reports' clock: which shifts have ended (the page, the API and the shift-end deliveries agree).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public ShiftDefinition? Find(string name) => Shifts.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public TimeZoneInfo ZoneOf(ShiftDefinition shift) =>
        TimeFormat.Zone(shift.TimeZone is { Length: > 0 } zone ? zone : configuration["ControlRoom:Defaults:TimeZone"] ?? "Europe/Rome");

    /// <summary>The queues' state now, as recorded at a shift's end.</summary>
    public async Task<IReadOnlyDictionary<string, QueueAtShiftEnd>> OpenNowAsync(ShiftDefinition shift)
    {
        var queues = (await known.AllAsync()).Where(shift.Covers).ToList();
        var snapshots = await Task.WhenAll(queues.Select(q => grains.GetGrain<IQueueGrain>(q).GetSnapshot()));
        return queues.Zip(snapshots).Where(p => p.Second is not null)
            .ToDictionary(p => p.First, p => AtEnd(p.Second!), StringComparer.Ordinal);
    }

    public async Task<ShiftReportDocument> ProduceAsync(ShiftDefinition shift, DateOnly day)
    {
        var zone = ZoneOf(shift);
        var window = shift.On(day, zone);
        var queueIds = (await known.AllAsync()).Where(shift.Covers).Order(StringComparer.Ordinal).ToList();
        var intervals = (await Task.WhenAll(queueIds.Select(q => grains.GetGrain<IQueueGrain>(q).GetIntervals(window.Start, window.End))))
            .Select((list, i) => (queueIds[i], list)).ToDictionary(p => p.Item1, p => p.list, StringComparer.Ordinal);
        var ends = await grains.GetGrain<IShiftArchiveGrain>(0).GetEnd(ShiftReportDocument.Occurrence(shift.Name, day));
        var callbacks = await grains.GetGrain<ICallbackBookGrain>(0).GetCallbacks();
        var raised = (await alerts.ListAsync(new AlertFilter(From: window.Start, To: window.End))).ToList();
        var reroutes = (await grains.GetGrain<IRerouteGrain>(0).GetRecent(RerouteHistory)).Where(r => r.At >= window.Start && r.At < window.End).ToList();

        ShiftFigures Figures(IReadOnlyCollection<string> queues)
        {
            var set = queues.ToHashSet(StringComparer.Ordinal);
            var atEnd = ends?.Where(e => set.Contains(e.Key)).Select(e => e.Value).ToList();
            return ShiftReport.FromIntervals(queues.SelectMany(q => intervals.GetValueOrDefault(q) ?? [])) with
            {
                BacklogAtEnd = atEnd?.Sum(e => e.Open),
                OldestOpenSecondsAtEnd = atEnd?.Max(e => e.OldestOpenSeconds),
                OpenCallbacks = callbacks.Count(c => set.Contains(c.QueueId) && c.AbandonedAt < window.End && (c.ClosedAt is null || c.ClosedAt > window.End)),
                AlertsRaised = raised.Count(a => set.Contains(a.QueueId)),
                MedianSecondsToAcknowledge = ShiftReport.Median(raised.Where(a => set.Contains(a.QueueId) && a.AcknowledgedAt is not null)
                    .Select(a => (a.AcknowledgedAt!.Value - a.RaisedAt).TotalSeconds)),
                Reroutes = reroutes.Count(r => r.Changes.Any(c => c.From.Concat(c.To).Any(a => set.Contains(a.QueueId)))),
            };
        }

        var boards = (await grains.GetGrain<IBoardsGrain>(0).GetBoards()).Where(b => shift.CoversBoard(b.BoardId)).OrderBy(b => b.Name, StringComparer.CurrentCulture)
            .Select(b => new ShiftReportRow(b.BoardId, b.Name, b.QueueIds, Figures(b.QueueIds))).ToList();
        var rows = queueIds.Select(q => new ShiftReportRow(q, q, [q], Figures([q]))).ToList();
        return new ShiftReportDocument(shift.Name, day, window.Start, window.End, zone.Id, ends is not null, boards, rows);
    }

    /// <summary>Contacts waiting or open in the backlog, and the oldest of them (a wait or a backlog age).</summary>
    private static QueueAtShiftEnd AtEnd(QueueSnapshot s) =>
        new(s.Waiting + s.Today.Backlog, new[] { s.Waiting > 0 ? s.LongestWaitSeconds : (double?)null, s.Today.OldestBacklogSeconds }.Max());
}
