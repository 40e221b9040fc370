using System.Text.Json;
using System.Text.Json.Serialization;
using ControlRoom.Host.Api;

namespace ControlRoom.Host.Live;

public static class LiveExtensions
{
    /// <summary>The JSON shape shared by the API and the hub: camelCase, enums as lower-case words (contract §3).</summary>
    public static void UseContractJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    /// <summary>SignalR (with the Redis backplane when Redis is configured, for alert changes) and this node's live cache.</summary>
    public static IServiceCollection AddControlRoomLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(o => UseContractJson(o.SerializerOptions));
        var signalR = services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => UseContractJson(o.PayloadSerializerOptions));
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("controlroom"));
        }

        // One path: grains → this node's observer (LiveFeed, the one live cache) → Blazor circuits and, through the
        // outbox, this node's hub connections.
        services.AddSingleton<LiveQueries>();
        services.AddSingleton<LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<LocalConnections>();
        services.AddSingleton<LiveOutbox>();
        services.AddHostedService<WallboardPublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<WallboardHub>(WallboardHub.Path);
        return endpoints;
    }
}
