using System.Text;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Tests;
using ControlRoom.Host.Hosting;
using ControlRoom.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Host.Tests.Ingest;

/// <summary>
/// The partition count is read from the store before anything is routed: while the store does not answer, a host that
/// does not set the count waits for it instead of guessing (a guess could split an interaction's events).
/// </summary>
public sealed class StoreLayoutCheckTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "controlroom-layoutcheck-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task StoreDownAtStart_AHostThatDoesNotSetTheCount_WaitsForTheStore_ThenKeepsTheStoresCount()
    {
        using var data = DataFolder.Open(folder);
        await using var sqlite = new SqliteEventStore(data.DatabasePath, NullLogger<SqliteEventStore>.Instance);
        await sqlite.WriteSnapshotAsync(StoreLayoutCheck.Key, 0, 0, Encoding.UTF8.GetBytes("16"));
        var store = new SwitchableStore(sqlite) { Down = true };
        var clock = new FakeTimeProvider();
        var options = Options.Create(new ControlRoomGrainOptions());
        var check = new StoreLayoutCheck(store, options, new ConfigurationBuilder().Build(), clock, NullLogger<StoreLayoutCheck>.Instance);

        var started = check.StartAsync(CancellationToken.None);
        store.Refused.Should().Be(1);
        started.IsCompleted.Should().BeFalse("the count is not known while the store does not answer");
        options.Value.Shards.Should().Be(4, "nothing is adopted before the store says so");

        clock.Advance(TimeSpan.FromSeconds(1));
        store.Refused.Should().Be(2, "it asks again after its back-off");
        store.Down = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        await started.WaitAsync(TimeSpan.FromSeconds(30));

        options.Value.Shards.Should().Be(16);
    }

    [Fact]
    public async Task StoreDownAtStart_AHostThatSetsTheCount_StartsWithIt()
    {
        using var data = DataFolder.Open(folder);
        await using var sqlite = new SqliteEventStore(data.DatabasePath, NullLogger<SqliteEventStore>.Instance);
        var store = new SwitchableStore(sqlite) { Down = true };
        var options = Options.Create(new ControlRoomGrainOptions { Shards = 8 });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ControlRoom:Shards", "8")]).Build();
        var check = new StoreLayoutCheck(store, options, configuration, new FakeTimeProvider(), NullLogger<StoreLayoutCheck>.Instance);

        await check.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        options.Value.Shards.Should().Be(8);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class SwitchableStore(IEventStore inner) : DelegatingEventStore(inner)
    {
        public bool Down { get; set; }

        public int Refused { get; private set; }

        public override Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Refused++;
                return Task.FromException<StoredSnapshot?>(new StoreUnavailableException("down for the test"));
            }

            return base.ReadSnapshotAsync(key, cancellationToken);
        }
    }
}
