using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Interactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Ingest;

/// <summary>
/// The log's partition count belongs to the store: a host that does not set <c>ControlRoom:Shards</c> keeps the count
/// its data folder was written with (a folder from before the default changed), and one configured with another count
/// refuses to start rather than route an interaction's events to a shard that does not hold it.
/// </summary>
public sealed class LogLayoutTests : IDisposable
{
    private const int Written = 16;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "controlroom-layout-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task StoreWrittenWithSixteenPartitions_AHostThatDoesNotSetTheCount_KeepsSixteen_AndContactsEndWhereTheyBegan()
    {
        var defaultCount = new ControlRoomGrainOptions().Shards;
        defaultCount.Should().NotBe(Written, "the test is about a store written before the default changed");

        // Contacts whose partition under the store's count is not their partition under the default.
        var ids = Enumerable.Range(0, 500).Select(i => $"layout-{i}")
            .Where(id => EventRouter.ShardOf(id, Written) != EventRouter.ShardOf(id, defaultCount))
            .Take(6).ToArray();
        ids.Should().HaveCount(6);
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);

        await using (var before = new FolderHost(folder, shards: Written))
        {
            await before.InitializeAsync();
            using var source = before.ApiClient();
            await source.PostAcceptedAsync([.. ids.Select(id => Offered(id, "layout-q", at))]);
        }

        await using var after = new FolderHost(folder, shards: null);
        await after.InitializeAsync();
        using var client = after.ApiClient();
        await client.PostAcceptedAsync([.. ids.Select(id => Answered(id, "layout-agent", at.AddSeconds(10)))]);

        var queue = (await client.GetFromJsonAsync<JsonElement>("/api/queues/layout-q")).GetProperty("rolling30m");
        queue.GetProperty("offered").GetInt32().Should().Be(ids.Length, "each answer met its offer in the shard that holds it");
        queue.GetProperty("answered").GetInt32().Should().Be(ids.Length, "an answer routed by another count would find no offer");
        after.Services.GetRequiredService<IOptions<ControlRoomGrainOptions>>().Value.Shards.Should().Be(Written);
    }

    [Fact]
    public async Task StoreWrittenWithSixteenPartitions_AHostConfiguredWithAnotherCount_RefusesToStart()
    {
        await using (var before = new FolderHost(folder, shards: Written))
        {
            await before.InitializeAsync();
        }

        await using var other = new FolderHost(folder, shards: 8);
        var start = () => other.InitializeAsync();
        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*ControlRoom:Shards = 16*configured with 8*");
    }

    [Fact]
    public async Task NewStore_RecordsTheDefaultCount_WhichAHostConfiguredWithSixteenThenMustKeep()
    {
        var defaultCount = new ControlRoomGrainOptions().Shards;
        await using (var first = new FolderHost(folder, shards: null))
        {
            await first.InitializeAsync();
        }

        await using var sixteen = new FolderHost(folder, shards: Written);
        var start = () => sixteen.InitializeAsync();
        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage($"*ControlRoom:Shards = {defaultCount};*configured with 16*");
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class FolderHost(string folder, int? shards) : ControlRoomHost
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            .. base.Settings().Where(s => s.Key != "ControlRoom:DataPath"),
            new("ControlRoom:DataPath", folder),
            .. shards is { } count ? [new KeyValuePair<string, string?>("ControlRoom:Shards", count.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<KeyValuePair<string, string?>>(),
        ];
    }
}
