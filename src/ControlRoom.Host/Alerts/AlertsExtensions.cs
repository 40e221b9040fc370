using ControlRoom.Grains.Alerts;

namespace ControlRoom.Host.Alerts;

public static class AlertsExtensions
{
    /// <summary>Alert reads and actions, the grains' sink, the hub and webhook push, and this node's feed for the console.</summary>
    public static IServiceCollection AddControlRoomAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        services.AddHttpClient(WebhookDispatcher.ClientName);
        services.AddSingleton<AlertService>();
        services.AddSingleton<AlertRequests>();
        services.AddSingleton<HubAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<HubAlertSink>());
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService<AlertPublisher>();
        services.AddSingleton<AlertFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertFeed>());
        return services;
    }
}
