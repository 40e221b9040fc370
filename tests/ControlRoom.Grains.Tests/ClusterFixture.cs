using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ControlRoom.Grains.Tests;

/// <summary>
/// Two in-process silos with in-memory storage and one fake clock shared by every grain, so tests move event
/// time and the rules' clock explicitly. Grain timers still fire on real time (every second); tests wait for
/// the signal they expect (an observer message), never for a fixed delay.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(StorageNames.State, options => options.Configure<Serializer>((o, serializer) =>
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer))));
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(Clock);
            host.Services.AddControlRoomGrains(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ControlRoom:Shards"] = "4" })
                .Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
