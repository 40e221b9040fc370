using ControlRoom.Contracts.Queues;

namespace ControlRoom.Contracts.Grains;

/// <summary>
/// One per cluster (key 0): forecasts every queue's service level on a timer and raises a forecast deviation
/// before a breach happens. Every host calls <see cref="Watch"/> now and then, which starts and keeps it alive.
/// </summary>
[Alias("cr.IBreachForecastGrain")]
public interface IBreachForecastGrain : IGrainWithIntegerKey
{
    [Alias("Watch")]
    Task Watch();

    /// <summary>The forecast breaches in force now, one per queue: what a board shows after it (re)loads.</summary>
    [Alias("GetPredictions")]
    Task<IReadOnlyList<Deviation>> GetPredictions();
}
