using ControlRoom.Host.Sources.AmazonConnect;
using ControlRoom.Host.Sources.Health;
using ControlRoom.Host.Sources.Twilio;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Sources;

/// <summary>Intake endpoints for contact platforms that push their own formats (docs/sources/).</summary>
public static class SourcesExtensions
{
    public static IServiceCollection AddControlRoomSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>>(new ProblemsValidator<TwilioOptions>(o => o.Problems()));
        services.AddOptions<AmazonConnectOptions>().Bind(configuration.GetSection(AmazonConnectOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AmazonConnectOptions>>(new ProblemsValidator<AmazonConnectOptions>(o => o.Problems()));
        services.AddSingleton(sp => new TaskRouterMapper(sp.GetRequiredService<IOptions<TwilioOptions>>().Value));
        services.AddSingleton(sp => new ConnectRecordMapper(sp.GetRequiredService<IOptions<AmazonConnectOptions>>().Value));
        services.AddSingleton<SourceActivity>();
        services.AddSingleton<SourceIngest>();
        services.AddFeedHealth(configuration);
        return services;
    }

    /// <summary>
    /// Each endpoint authenticates its platform itself (Twilio's request signature, Firehose's access key), so neither
    /// takes the API key or a cookie; both are off until their secret is configured.
    /// </summary>
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TaskRouterEndpoint.Path, TaskRouterEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithName("TwilioTaskRouterCallback")
            .WithSummary("Twilio TaskRouter event callbacks (form-encoded, signed with X-Twilio-Signature).");
        endpoints.MapPost(FirehoseEndpoint.Path, FirehoseEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithName("AmazonConnectFirehose")
            .WithSummary("Amazon Data Firehose HTTP endpoint deliveries of Amazon Connect agent events and contact events.");
        endpoints.MapFeedHealth();
        return endpoints;
    }

    /// <summary>Fails start-up with every configuration problem spelled out.</summary>
    internal sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problems(options).ToList() is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }
}
