using ControlRoom.Simulator;

namespace ControlRoom.Host.Simulation;

/// <summary>
/// Configuration section <c>Simulator</c>: whether the built-in traffic generator runs, how often it is advanced,
/// and its <see cref="SimulatorOptions"/> (Seed, Intensity, NightFloor, …) read from the same section.
/// </summary>
public sealed class SimulatorSettings
{
    public const string Section = "Simulator";

    public bool Enabled { get; init; } = true;

    /// <summary>How often the simulator is advanced to the current time and its events ingested.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(200);

    public SimulatorOptions Simulation { get; init; } = new();

    /// <summary>
    /// How much of the past the simulator plays at start, so a room opened at any hour already has its day's intervals
    /// and charts. Default 8 hours in the embedded mode, none with Redis (the history is in Redis already, and a
    /// restarted node would count it twice).
    /// </summary>
    public TimeSpan History { get; init; } = SimulatedStart.DefaultHistory;

    /// <summary>
    /// Whether the start also plays the same weekday last week (a whole local day, another seed): the reference
    /// day the queue page compares hourly volumes with. Only when <see cref="History"/> is played.
    /// </summary>
    public bool ReferenceDay { get; init; } = true;

    public static SimulatorSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var embedded = string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));
        var defaults = new SimulatorSettings();
        return new SimulatorSettings
        {
            Enabled = section.GetValue(nameof(Enabled), defaults.Enabled),
            Tick = section.GetValue(nameof(Tick), defaults.Tick),
            Simulation = section.Get<SimulatorOptions>() ?? defaults.Simulation,
            History = section.GetValue(nameof(History), embedded ? defaults.History : TimeSpan.Zero),
            ReferenceDay = section.GetValue(nameof(ReferenceDay), defaults.ReferenceDay),
        };
    }

    /// <summary>What the simulator plays at <paramref name="now"/> before its live traffic: the history and the reference day.</summary>
    public SimulatedStart Start(DateTimeOffset now) => SimulatedStart.Plan(Simulation, now, History, ReferenceDay);
}
