using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Staffing;
using ControlRoom.Domain.Staffing;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Grains.Staffing;

/// <summary>The audit trail of reroutes, newest last, bounded.</summary>
[GenerateSerializer, Alias("cr.RerouteLog")]
public sealed class RerouteLog
{
    public const int MaxRecords = 2000;

    [Id(0)] public List<RerouteRecord> Records { get; set; } = [];
}

/// <summary>
/// One per cluster: reroutes go through it one at a time, so two planners cannot interleave their changes to the
/// same agents, and every change is written to the audit trail before the call returns.
/// </summary>
public sealed partial class RerouteGrain(
    [PersistentState("reroutes", StorageNames.State)] IPersistentState<RerouteLog> state,
    TimeProvider clock,
    ILogger<RerouteGrain> logger) : Grain, IRerouteGrain
{
    public async Task<RerouteRecord> Apply(RerouteRequest request, string by)
    {
        var changes = await Task.WhenAll(request.AgentIds.Select(id => GrainFactory.GetGrain<IAgentGrain>(id).Reassign(request.Add, request.Remove)));
        var record = new RerouteRecord(NewId(), clock.GetUtcNow(), by, [.. changes.OfType<AgentReroute>()]) { Reason = request.Reason };
        await Append(record);
        LogRerouted(record.RerouteId, by, record.Changes.Count);
        return record;
    }

    public async Task<UndoResult> Undo(string rerouteId, string by)
    {
        var index = state.State.Records.FindIndex(r => string.Equals(r.RerouteId, rerouteId, StringComparison.Ordinal));
        if (index < 0)
        {
            return new UndoResult(UndoOutcome.NotFound, null, []);
        }

        var original = state.State.Records[index];
        if (original.UndoneBy is not null)
        {
            return new UndoResult(UndoOutcome.AlreadyUndone, original, []);
        }

        // Only undo what is still as the reroute left it; otherwise a later decision would be lost silently.
        var current = await Task.WhenAll(original.Changes.Select(c => GrainFactory.GetGrain<IAgentGrain>(c.AgentId).GetSnapshot()));
        var conflicts = original.Changes.Zip(current)
            .Where(p => p.Second is null || !QueueAssignments.SameAs(p.Second.Assignments, p.First.To))
            .Select(p => p.First.AgentId)
            .ToList();
        if (conflicts.Count > 0)
        {
            return new UndoResult(UndoOutcome.Conflict, original, conflicts);
        }

        await Task.WhenAll(original.Changes.Select(c => GrainFactory.GetGrain<IAgentGrain>(c.AgentId).SetQueues(c.From)));
        var undo = new RerouteRecord(NewId(), clock.GetUtcNow(), by, [.. original.Changes.Select(c => new AgentReroute(c.AgentId, c.To, c.From))])
        {
            UndoOf = original.RerouteId,
        };
        state.State.Records[index] = original with { UndoneBy = undo.RerouteId };
        await Append(undo);
        LogUndone(original.RerouteId, by);
        return new UndoResult(UndoOutcome.Undone, undo, []);
    }

    public Task<IReadOnlyList<RerouteRecord>> GetRecent(int max) =>
        Task.FromResult<IReadOnlyList<RerouteRecord>>([.. state.State.Records.AsEnumerable().Reverse().Take(Math.Max(0, max))]);

    private async Task Append(RerouteRecord record)
    {
        state.State.Records.Add(record);
        if (state.State.Records.Count > RerouteLog.MaxRecords)
        {
            state.State.Records.RemoveRange(0, state.State.Records.Count - RerouteLog.MaxRecords);
        }

        await state.WriteStateAsync();
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    [LoggerMessage(Level = LogLevel.Information, Message = "Reroute {RerouteId} by {By} changed {Agents} agents")]
    private partial void LogRerouted(string rerouteId, string by, int agents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reroute {RerouteId} undone by {By}")]
    private partial void LogUndone(string rerouteId, string by);
}
