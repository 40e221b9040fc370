namespace ControlRoom.Host.Simulation;

public static class SimulatorExtensions
{
    public static IServiceCollection AddControlRoomSimulator(this IServiceCollection services, IConfiguration configuration) => services;
}
