using ControlRoom.Grains.Callbacks;

namespace ControlRoom.Host.Callbacks;

public static class CallbacksExtensions
{
    /// <summary>The worklist's options (checked at start), reads and actions, and this node's feed for the page.</summary>
    public static IServiceCollection AddControlRoomCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallbackOptions>()
            .Bind(configuration.GetSection(CallbackOptions.Section))
            .Validate(o => o.IsValid, "Callbacks: AutoCloseWindow is more than 0 and at most 7 days; Retention 1-366 days.")
            .ValidateOnStart();
        services.AddSingleton<CallbackService>();
        services.AddSingleton<CallbackFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackFeed>());
        return services;
    }
}
