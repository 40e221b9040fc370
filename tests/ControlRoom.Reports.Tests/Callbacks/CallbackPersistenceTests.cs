using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Reports.Tests.Callbacks;

/// <summary>An embedded host on a data folder it does not own, so a second host can start on it after the first stops.</summary>
public sealed class FolderHost(string dataPath, params KeyValuePair<string, string?>[] extra) : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings().Where(s => s.Key != "ControlRoom:DataPath"), new("ControlRoom:DataPath", dataPath), .. extra];
}

public sealed class CallbackPersistenceTests
{
    /// <param name="snapshotOnStop">
    /// False: the first host writes no snapshot, neither on a schedule nor when it stops, so the second rebuilds the
    /// worklist from its journal alone, as after a crash.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WorklistAndItsAudit_SurviveAHostRestart(bool snapshotOnStop)
    {
        var folder = Path.Combine(Path.GetTempPath(), "controlroom-cb-" + Guid.NewGuid().ToString("N")[..8]);
        KeyValuePair<string, string?>[] journalOnly = snapshotOnStop ? [] :
            [new("ControlRoom:SaveOnShutdown", "false"), new("ControlRoom:PersistInterval", "01:00:00")];
        try
        {
            await using (var first = new FolderHost(folder, journalOnly))
            {
                await first.InitializeAsync();
                using var api = first.ApiClient();
                await api.AbandonAsync("cb-keep-1", "cb-keep", "cust-k1", TimeSpan.FromSeconds(30));
                await api.AbandonAsync("cb-keep-2", "cb-keep", "cust-k2", TimeSpan.FromSeconds(30));
                using var lead = await first.SignInAsync("lead");
                (await lead.PostAsJsonAsync("/api/callbacks/cb-keep-1/claim", new { note = "before the restart" })).EnsureSuccessStatusCode();
            }

            await using var second = new FolderHost(folder);
            await second.InitializeAsync();
            using var reader = await second.SignInAsync("viewer");

            var claimed = await reader.EntryAsync("cb-keep", "cb-keep-1");
            var open = await reader.EntryAsync("cb-keep", "cb-keep-2");

            claimed.GetProperty("status").GetString().Should().Be("claimed");
            claimed.GetProperty("claimedBy").GetString().Should().Be("lead");
            claimed.GetProperty("timeline")[1].GetProperty("note").GetString().Should().Be("before the restart");
            open.GetProperty("status").GetString().Should().Be("open");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
