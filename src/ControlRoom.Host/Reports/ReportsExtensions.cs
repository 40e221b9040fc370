using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Reports;

public static class ReportsExtensions
{
    /// <summary>The keyed clock the shift-end scheduler waits on: the room's own, unless a test gives it a fake one.</summary>
    public const string ClockKey = "reports";

    /// <summary>The shifts (checked at start, naming the bad key), the report service, its mailer and the shift-end scheduler.</summary>
    public static IServiceCollection AddControlRoomReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsCheck>();
        services.AddSingleton<ShiftReportService>();
        services.AddSingleton<ReportMailer>();
        services.TryAddKeyedSingleton(ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<ShiftReportScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ShiftReportScheduler>());
        return services;
    }
}

internal sealed class ReportOptionsCheck : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
