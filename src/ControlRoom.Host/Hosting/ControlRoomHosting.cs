using ControlRoom.Host.Alerts;
using ControlRoom.Host.Api;
using ControlRoom.Host.Callbacks;
using ControlRoom.Host.ApiDocs;
using ControlRoom.Host.Components;
using ControlRoom.Host.Health;
using ControlRoom.Host.Ingest;
using ControlRoom.Host.Live;
using ControlRoom.Host.Reports;
using ControlRoom.Host.Security;
using ControlRoom.Host.Simulation;
using ControlRoom.Host.Sources;
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

        // The largest body any endpoint reads is an event batch (10 MiB, which answers 413 itself beyond that).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = EventBatchReader.MaxBytes + (1024 * 1024));
        builder.AddControlRoomOrleans();
        builder.Services.AddProblemDocuments();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddControlRoomSecurity(configuration, configuration.IsEmbedded());
        builder.Services.AddControlRoomIngest();
        builder.Services.AddIngestLimits(configuration, configuration.IsEmbedded());
        builder.Services.AddControlRoomHealth(configuration);
        builder.Services.AddControlRoomSources(configuration);
        builder.Services.AddReadApi();
        builder.Services.AddControlRoomLive(configuration);
        LiveLimits.AddLiveLimits(builder.Services, configuration);
        builder.Services.AddControlRoomAlerts(configuration);
        builder.Services.AddControlRoomCallbacks(configuration);
        builder.Services.AddControlRoomReports(configuration);
        builder.Services.AddControlRoomUi();
        builder.Services.AddControlRoomSimulator(configuration);
        builder.Services.AddControlRoomStaffing(configuration);
        builder.AddControlRoomTelemetry();
        builder.Services.AddControlRoomApiDocs();
        return builder;
    }

    public static WebApplication UseControlRoom(this WebApplication app)
    {
        // The language first: sign-in redirects, 403 pages and problem documents answer in it too.
        app.UseControlRoomUiLocalization();
        app.UseControlRoomProtection();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccount();
        app.MapControlRoomHealth();
        app.MapIngest();
        app.MapSources();
        app.MapReadApi();
        app.MapStaffing();
        app.MapQueueSettings();
        app.MapAlerts();
        app.MapCallbacks();
        app.MapReports();
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
            StartupLog.Listening(logger, url, embedded ? "embedded (data folder, localhost cluster)" : "Redis");
        }

        if (embedded)
        {
            var folder = app.Services.GetRequiredService<Storage.DataFolder>().Path;
            StartupLog.DataFolder(logger, folder, Storage.DataFolder.Key);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Data folder: {Path} (the log, journals and state; change it with --{Key}=<folder>)")]
    public static partial void DataFolder(ILogger logger, string path, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development sign-in: admin, lead, planner or viewer with password 'controlroom'; event API key '{Key}'. Configure Auth:Users and Ingest:ApiKeys for real use.")]
    public static partial void DevelopmentCredentials(ILogger logger, string key);
}
