namespace ControlRoom.Simulator;

/// <summary>Knobs of the built-in traffic simulator; the defaults give a busy but mostly healthy centre with surges.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Same seed and same sequence of <see cref="TrafficSimulator.Advance"/> calls give the same events.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Multiplier on every queue's arrival rate (1 = the built-in volumes).</summary>
    public double Intensity { get; init; } = 1.0;

    /// <summary>Arrivals and staffing never drop below this share of the peak, so a demo at night is still alive.</summary>
    public double NightFloor { get; init; } = 0.3;

    /// <summary>Mean gap between surges; each gap is drawn between 2/3 and 4/3 of it.</summary>
    public TimeSpan SurgeEvery { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many times the usual arrivals a queue in a surge gets.</summary>
    public double SurgeFactor { get; init; } = 3.0;

    /// <summary>Size of the agent pool; skill sets repeat a fixed pattern so every queue is covered.</summary>
    public int Agents { get; init; } = 60;

    /// <summary>Chats one agent may hold at once (voice and e-mail are always one at a time).</summary>
    public int MaxConcurrentChats { get; init; } = 2;

    /// <summary>Time zone of the daily arrival curve and of lunch breaks.</summary>
    public string TimeZone { get; init; } = "Europe/Rome";

    /// <summary>What is wrong with these options, in words for whoever configured them.</summary>
    public IEnumerable<string> Problems()
    {
        if (Intensity is < 0 or > 100)
        {
            yield return "Intensity must be between 0 and 100";
        }

        if (NightFloor is < 0 or > 1)
        {
            yield return "NightFloor must be between 0 and 1";
        }

        if (SurgeEvery < TimeSpan.Zero || SurgeFactor is < 0 or > 20)
        {
            yield return "SurgeEvery must not be negative and SurgeFactor must be between 0 and 20";
        }

        if (Agents is < 1 or > 5000)
        {
            yield return "Agents must be between 1 and 5000";
        }

        if (MaxConcurrentChats is < 1 or > 10)
        {
            yield return "MaxConcurrentChats must be between 1 and 10";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"TimeZone '{TimeZone}' is not a known time zone";
        }
    }
}
