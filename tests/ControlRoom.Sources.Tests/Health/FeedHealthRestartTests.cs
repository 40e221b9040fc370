using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Sources.Tests.Health;

/// <summary>Feed health is durable: a host started again over the same data folder knows the sources and their counts.</summary>
public sealed class FeedHealthRestartTests
{
    [Fact]
    public async Task Sources_SurviveAHostRestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "controlroom-feeds-" + Guid.NewGuid().ToString("N")[..12]);
        var source = $"{FeedHealthHost.KeySource}/pbx-restart";
        try
        {
            await using (var first = new SameFolderHost(folder))
            {
                await first.InitializeAsync();
                using var pbx = first.ApiClient();
                pbx.DefaultRequestHeaders.Add("X-ControlRoom-Source", "pbx-restart");
                await pbx.PostAcceptedAsync(Offered("fr-1", "fr-q", DateTimeOffset.UtcNow), Offered("fr-2", "fr-q", DateTimeOffset.UtcNow));
                using var admin = await first.SignInAsync("admin");
                await FeedHealthTests.FeedAsync(admin, source, f => f.GetProperty("eventsTotal").GetInt64() == 2);
            }

            await using var second = new SameFolderHost(folder);
            await second.InitializeAsync();
            using var again = await second.SignInAsync("admin");
            var known = (await again.GetFromJsonAsync<JsonElement[]>("/api/sources"))!.Single(f => f.GetProperty("source").GetString() == source);
            known.GetProperty("eventsTotal").GetInt64().Should().Be(2);
            known.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Should().Equal("fr-q");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed class SameFolderHost(string folder) : ControlRoomHost
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            .. base.Settings().Where(s => s.Key != "ControlRoom:DataPath"),
            new("ControlRoom:DataPath", folder),
        ];
    }
}
