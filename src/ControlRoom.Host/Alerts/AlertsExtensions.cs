using ControlRoom.Grains.Alerts;

namespace ControlRoom.Host.Alerts;

public static class AlertsExtensions
{
    /// <summary>Alert reads and actions, the grains' sink, the hub and webhook push, and this node's feed for the console.</summary>
    public static IServiceCollection AddControlRoomAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.Section))
            .Validate(o => o.Webhooks.TrueForAll(w => AlertWebhook.IsValidUrl(w.Url)), "Alerts:Webhooks: every Url must be an absolute http or https URL.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 20 && o.FirstRetry > TimeSpan.Zero, "Alerts: MaxAttempts is 1-20 and FirstRetry positive.")
            .ValidateOnStart();
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
