using ControlRoom.Host.Alerts;
using ControlRoom.Host.Api;
using ControlRoom.Host.ApiDocs;
using ControlRoom.Host.Components;
using ControlRoom.Host.Ingest;
using ControlRoom.Host.Live;
using ControlRoom.Host.Security;
using ControlRoom.Host.Simulation;
using ControlRoom.Host.Staffing;
using ControlRoom.Host.Telemetry;

namespace ControlRoom.Host.Hosting;

public static class ControlRoomHosting
{
    /// <summary>The embedded default is on when no Redis is configured: one local silo, in-memory state, dev keys and users.</summary>
    public static bool IsEmbedded(this IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static WebApplicationBuilder AddControlRoom(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.AddControlRoomOrleans();
        builder.Services.AddProblemDetails();
        builder.Services.AddControlRoomSecurity(configuration, configuration.IsEmbedded());
        builder.Services.AddControlRoomIngest();
        builder.Services.AddControlRoomLive(configuration);
        builder.Services.AddControlRoomAlerts(configuration);
        builder.Services.AddControlRoomUi();
        builder.Services.AddControlRoomSimulator(configuration);
        builder.Services.AddControlRoomStaffing();
        builder.AddControlRoomTelemetry();
        builder.Services.AddControlRoomApiDocs();
        return builder;
    }

    public static WebApplication UseControlRoom(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseControlRoomUiLocalization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccount();
        app.MapIngest();
        app.MapReadApi();
        app.MapStaffing();
        app.MapQueueSettings();
        app.MapAlerts();
        app.MapLive();
        app.MapControlRoomDashboard();
        app.MapControlRoomTelemetry();
        app.MapControlRoomApiDocs();
        app.MapControlRoomUi();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    private static void LogStarted(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ControlRoom");
        var embedded = app.Configuration.IsEmbedded();
        foreach (var url in app.Urls)
        {
            StartupLog.Listening(logger, url, embedded ? "embedded (in-memory, localhost cluster)" : "Redis");
        }

        if (embedded)
        {
            StartupLog.DevelopmentCredentials(logger, ApiKeyOptions.DevelopmentKey);
        }
    }
}

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "ControlRoom is live at {Url} ({Mode} mode)")]
    public static partial void Listening(ILogger logger, string url, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development sign-in: admin, lead, planner or viewer with password 'controlroom'; event API key '{Key}'. Configure Auth:Users and Ingest:ApiKeys for real use.")]
    public static partial void DevelopmentCredentials(ILogger logger, string key);
}
