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
}
