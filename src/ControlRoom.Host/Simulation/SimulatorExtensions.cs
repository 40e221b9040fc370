namespace ControlRoom.Host.Simulation;

public static class SimulatorExtensions
{
    /// <summary>Adds the built-in traffic simulator unless <c>Simulator:Enabled</c> is false.</summary>
    public static IServiceCollection AddControlRoomSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SimulatorSettings.Section).Get<SimulatorSettings>() ?? new SimulatorSettings();
        if (!settings.Enabled)
        {
            return services;
        }

        var problems = settings.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid simulator configuration: " + string.Join("; ", problems));
        }

        services.AddSingleton(settings);
        services.AddHostedService<SimulatorService>();
        return services;
    }
}
