using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Interactions;
using ControlRoom.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace ControlRoom.Grains.Tests;

/// <summary>
/// Two in-process silos over one real durable store (SQLite in a temporary data folder) and one fake clock shared by
/// every grain, so tests move event time and the rules' clock explicitly. Grain timers still fire on real time
/// (every second); tests wait for the signal they expect (an observer message), never for a fixed delay. Events go
/// in through the host's own ingestor: appended to the log, then applied by the shards.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int Shards = 4;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "controlroom-grains-" + Guid.NewGuid().ToString("N")[..12]);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public SqliteEventStore Store { get; private set; } = null!;

    public EventIngestor Ingestor { get; private set; } = null!;

    /// <summary>The store the silos use: the real one, or a subclass's recorder around it.</summary>
    protected virtual IEventStore Silos(SqliteEventStore store) => store;

    /// <summary>Settings of the grain layer; a subclass may space snapshots far apart so only journals can recover state.</summary>
    protected virtual Dictionary<string, string?> Settings => new() { ["ControlRoom:Shards"] = Shards.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(folder);
        Store = new SqliteEventStore(Path.Combine(folder, "controlroom.db"), NullLogger<SqliteEventStore>.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(2);
        var silosStore = Silos(Store);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(Clock);
            host.Services.AddSingleton(silosStore);
            host.Services.AddGrainStorage(StorageNames.State, (sp, _) => new StoreGrainStorage(Store, sp.GetRequiredService<Serializer>()));
            host.Services.AddControlRoomGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var options = Options.Create(configuration.GetSection(ControlRoomGrainOptions.Section).Get<ControlRoomGrainOptions>() ?? new());
        Ingestor = new EventIngestor(Client, Store, options, Clock,
            NullLogger<EventIngestor>.Instance);
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
        System.IO.Directory.Delete(folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
