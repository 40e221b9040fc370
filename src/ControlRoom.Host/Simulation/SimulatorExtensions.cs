namespace ControlRoom.Host.Simulation;

public static class SimulatorExtensions
{
    /// <summary>Adds the built-in traffic simulator unless <c>Simulator:Enabled</c> is false; bad settings stop the host at start.</summary>
    public static IServiceCollection AddControlRoomSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SimulatorSettings.From(configuration);
        if (!settings.Enabled)
        {
            return services;
        }

        var problems = settings.Simulation.Problems().ToList();
        if (settings.Tick <= TimeSpan.Zero)
        {
            problems.Add("Tick must be positive");
        }

        if (settings.History < TimeSpan.Zero || settings.History > TimeSpan.FromDays(2))
        {
            problems.Add("History must be between 00:00:00 and 2.00:00:00");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid Simulator configuration: " + string.Join("; ", problems));
        }

        services.AddSingleton(settings);
        services.AddHostedService<SimulatorService>();
        return services;
    }
}
