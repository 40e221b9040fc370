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

    public static SimulatorSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new SimulatorSettings();
        return new SimulatorSettings
        {
            Enabled = section.GetValue(nameof(Enabled), defaults.Enabled),
            Tick = section.GetValue(nameof(Tick), defaults.Tick),
            Simulation = section.Get<SimulatorOptions>() ?? defaults.Simulation,
        };
    }
}
