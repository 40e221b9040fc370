using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using StackExchange.Redis;

namespace ControlRoom.Storage;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// The durable store: Redis when <c>ConnectionStrings:Redis</c> is set, else SQLite in the data folder. Also the
    /// Orleans grain storage over it, for grains that persist through <c>[PersistentState]</c>.
    /// </summary>
    public static IServiceCollection AddControlRoomStore(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(_ => DataFolder.Open(configuration[DataFolder.Key]));
            services.AddSingleton<IEventStore>(sp => new SqliteEventStore(
                sp.GetRequiredService<DataFolder>().DatabasePath, sp.GetRequiredService<ILogger<SqliteEventStore>>()));
        }
        else
        {
            var keyspace = configuration.GetValue("Orleans:ServiceId", "controlroom")!;
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(StoreRedisOptions(redis)));
            services.AddSingleton<IEventStore>(sp => new RedisEventStore(sp.GetRequiredService<IConnectionMultiplexer>(), keyspace));
        }

        services.AddGrainStorage(StorageNames.State, (sp, _) =>
            new StoreGrainStorage(sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<Serializer>()));
        return services;
    }

    /// <summary>
    /// Redis options for anything on the request path: fail at once while disconnected (no command backlog) and time
    /// out within a second, so an outage answers 503 quickly and a stopping host does not hang on it.
    /// </summary>
    public static ConfigurationOptions StoreRedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.ReconnectRetryPolicy ??= new ExponentialRetry(250, 2000);
        return options;
    }
}
