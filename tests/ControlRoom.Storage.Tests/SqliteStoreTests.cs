using System.Text;
using ControlRoom.Grains.Durability;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlRoom.Storage.Tests;

/// <summary>The embedded default's store: a real SQLite file in a data folder of the test's own.</summary>
public sealed class SqliteStoreTests : StoreContract, IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "controlroom-store-" + Guid.NewGuid().ToString("N")[..12]);
    private DataFolder? data;
    private SqliteEventStore? store;

    protected override IEventStore Store => store!;

    public Task InitializeAsync()
    {
        data = DataFolder.Open(folder);
        store = new SqliteEventStore(data.DatabasePath, NullLogger<SqliteEventStore>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await store!.DisposeAsync();
        data!.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task WhatWasAcknowledged_IsThereWhenTheFileIsOpenedAgain()
    {
        var positions = await Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("kept"))]);
        await Store.WriteSnapshotAsync("state/x", 0, positions[0], Encoding.UTF8.GetBytes("state"));
        await store!.DisposeAsync();

        store = new SqliteEventStore(data!.DatabasePath, NullLogger<SqliteEventStore>.Instance);

        (await Store.ReadAsync("log/0", 0, 10)).Single().Payload.Should().Equal(Encoding.UTF8.GetBytes("kept"));
        (await Store.ReadSnapshotAsync("state/x"))!.Position.Should().Be(positions[0]);
        (await Store.AppendAsync([new("log/0", Encoding.UTF8.GetBytes("next"), ExpectedHead: 1)])).Should().Equal(2);
    }

    [Fact]
    public async Task Heads_AreTheSame_WhenTheFileIsOpenedAgain_TrimmedOrNot()
    {
        await Store.AppendAsync([new("log/kept", Encoding.UTF8.GetBytes("1")), new("log/kept", Encoding.UTF8.GetBytes("2"))]);
        await Store.AppendAsync([new("log/trimmed", Encoding.UTF8.GetBytes("1")), new("log/trimmed", Encoding.UTF8.GetBytes("2")), new("log/trimmed", Encoding.UTF8.GetBytes("3"))]);
        await Store.TrimAsync("log/trimmed", 3);
        await Store.TrimAsync("log/kept", 1);
        await store!.DisposeAsync();

        store = new SqliteEventStore(data!.DatabasePath, NullLogger<SqliteEventStore>.Instance);

        (await Store.HeadsAsync(["log/kept", "log/trimmed", "log/never"])).Should().Equal(2, 3, 0);
        (await Store.AppendAsync([new("log/trimmed", Encoding.UTF8.GetBytes("4"), ExpectedHead: 3)])).Should().Equal(4);
        (await Store.AppendAsync([new("log/kept", Encoding.UTF8.GetBytes("3"), ExpectedHead: 2)])).Should().Equal(3);
    }

    [Fact]
    public void ASecondHost_OnTheSameDataFolder_IsRefused_WithAClearMessage()
    {
        var second = () => DataFolder.Open(folder);

        second.Should().Throw<InvalidOperationException>().WithMessage("*in use by another ControlRoom host*ControlRoom:DataPath*");
    }
}
