namespace ControlRoom.Host.Live;

/// <summary>Configuration section <c>Live</c>: what one hub connection may hold on this node.</summary>
public sealed class LiveLimits
{
    public const string Section = "Live";

    /// <summary>
    /// Queues one connection follows at most (<c>*</c>, every queue, counts as one). Each followed queue is a
    /// SignalR group (and, with Redis, a backplane channel), so without a bound one connection could hold thousands.
    /// </summary>
    public int MaxQueuesPerConnection { get; set; } = 200;

    public static IServiceCollection AddLiveLimits(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveLimits>()
            .Bind(configuration.GetSection(Section))
            .Validate(o => o.MaxQueuesPerConnection >= 1, "Live:MaxQueuesPerConnection must be at least 1")
            .ValidateOnStart();
        return services;
    }
}
