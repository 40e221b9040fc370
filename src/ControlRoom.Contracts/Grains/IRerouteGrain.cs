using ControlRoom.Contracts.Staffing;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// Applies planners' reroutes to agent grains one at a time (key 0), keeping the audit trail and undoing on request.
/// </summary>
[Alias("cr.IRerouteGrain")]
public interface IRerouteGrain : IGrainWithIntegerKey
{
    /// <summary>Applies the request to every agent and records it; the caller has checked the agents exist.</summary>
    [Alias("Apply")]
    Task<RerouteRecord> Apply(RerouteRequest request, string by);

    [Alias("Undo")]
    Task<UndoResult> Undo(string rerouteId, string by);

    /// <summary>The newest records first.</summary>
    [Alias("GetRecent")]
    Task<IReadOnlyList<RerouteRecord>> GetRecent(int max);
}
