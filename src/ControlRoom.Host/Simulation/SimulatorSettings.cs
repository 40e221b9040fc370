using ControlRoom.Simulator;

namespace ControlRoom.Host.Simulation;

/// <summary>Configuration section <c>Simulator</c>: the built-in traffic generator that makes a fresh install look alive.</summary>
public sealed class SimulatorSettings
{
    public const string Section = "Simulator";

    public bool Enabled { get; set; } = true;
    public int Seed { get; set; } = 42;

    /// <summary>How often the simulator is advanced to the current time and its events ingested.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(200);

    public double Intensity { get; set; } = 1.0;
    public double NightFloor { get; set; } = 0.3;
    public TimeSpan SurgeEvery { get; set; } = TimeSpan.FromMinutes(30);
    public double SurgeFactor { get; set; } = 3.0;
    public int Agents { get; set; } = 60;
    public int MaxConcurrentChats { get; set; } = 2;
    public string TimeZone { get; set; } = "Europe/Rome";

    public SimulatorOptions ToOptions() => new()
    {
        Seed = Seed,
        Intensity = Intensity,
        NightFloor = NightFloor,
        SurgeEvery = SurgeEvery,
        SurgeFactor = SurgeFactor,
        Agents = Agents,
        MaxConcurrentChats = MaxConcurrentChats,
        TimeZone = TimeZone,
    };

    /// <summary>What is wrong with the settings, so a bad value stops the host at start with a clear message.</summary>
    public IEnumerable<string> Problems()
    {
        if (Tick <= TimeSpan.Zero)
        {
            yield return "Simulator:Tick must be positive";
        }

        if (Intensity is < 0 or > 100)
        {
            yield return "Simulator:Intensity must be between 0 and 100";
        }

        if (NightFloor is < 0 or > 1)
        {
            yield return "Simulator:NightFloor must be between 0 and 1";
        }

        if (Agents is < 1 or > 5000)
        {
            yield return "Simulator:Agents must be between 1 and 5000";
        }

        if (MaxConcurrentChats < 1)
        {
            yield return "Simulator:MaxConcurrentChats must be at least 1";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"Simulator:TimeZone '{TimeZone}' is not a known time zone";
        }
    }
}
