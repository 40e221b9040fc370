using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Cli;
using ControlRoom.Cli.Ingest;
using ControlRoom.Cli.QueueLog;
using ControlRoom.Host.Security;
using ControlRoom.QueueLog.Tests.Scripts;

namespace ControlRoom.QueueLog.Tests.Delivery;

/// <summary>A PBX named with <c>--source</c> is watched by feed health as itself, apart from others sharing its key.</summary>
public sealed class SourceNameTests(KestrelControlRoomHost host) : IClassFixture<KestrelControlRoomHost>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("queue-log-source-").FullName;

    [Fact]
    public async Task Import_WithSource_ShowsAsThatPbxInFeedHealth()
    {
        var file = Path.Combine(folder, "queue_log");
        var script = new QueueLogScript("named", DateTimeOffset.UtcNow.Date.AddDays(-1).AddHours(9), callCount: 5);
        File.WriteAllText(file, QueueLogScript.Text(script.Lines));
        using var http = new HttpClient();
        var target = new IngestTarget(new Uri(host.BaseAddress, "/api/events"), ControlRoomHost.DevelopmentKey) { Instance = "pbx-roma" };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await new QueueLogCommand(http, stdout, stderr, TimeProvider.System)
            .RunAsync(new QueueLogOptions(file, target, null, false, 1000), CancellationToken.None);

        exit.Should().Be(ExitCodes.Ok, stderr.ToString());
        using var admin = await host.SignInAsync("admin");
        var source = ApiKeyOptions.Fingerprint(ControlRoomHost.DevelopmentKey) + "/pbx-roma";
        var feed = await Eventually.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement[]>("/api/sources"))!.FirstOrDefault(f => f.GetProperty("source").GetString() == source),
            f => f.ValueKind == JsonValueKind.Object && f.GetProperty("eventsTotal").GetInt64() > 0, $"source {source}");
        feed.GetProperty("state").GetString()!.ToLowerInvariant().Should().Be("live");
        feed.GetProperty("queues").GetArrayLength().Should().BeGreaterThan(0);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
