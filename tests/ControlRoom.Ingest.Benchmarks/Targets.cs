using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Domain.Agents;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;
using ControlRoom.Grains.Hosting;
using ControlRoom.Grains.Interactions;
using ControlRoom.Host.Hosting;
using ControlRoom.Host.Ingest;
using ControlRoom.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Ingest.Benchmarks;

internal interface IIngestTarget : IAsyncDisposable
{
    /// <summary>One batch, both as validated events and as the NDJSON lines a source would post.</summary>
    Task<(int Accepted, int Duplicates)> IngestAsync(IReadOnlyList<ContactEvent> events, IReadOnlyList<string> lines);
}

/// <summary>The whole embedded host on Kestrel, fed through <c>POST /api/events</c> as the replay tool feeds it.</summary>
internal sealed class HttpTarget(WebApplication app, HttpClient http, string data) : IIngestTarget
{
    public static async Task<HttpTarget> StartAsync()
    {
        // The host's name finds its static-asset manifest, copied beside this program.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "ControlRoom.Host",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var data = SiloTarget.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:Enabled"] = "false" });
        builder.AddControlRoom();
        var app = builder.Build();
        app.UseControlRoom();
        await app.StartAsync();
        var address = app.Urls.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add(ControlRoom.Host.Security.ApiKeyOptions.Header, ControlRoom.Host.Security.ApiKeyOptions.DevelopmentKey);
        return new HttpTarget(app, http, data);
    }

    public Task<(int Accepted, int Duplicates)> IngestAsync(IReadOnlyList<ContactEvent> events, IReadOnlyList<string> lines) =>
        PostAsync(http, lines);

    /// <summary>One request, as <c>controlroom replay</c> sends it.</summary>
    public static async Task<(int Accepted, int Duplicates)> PostAsync(HttpClient http, IReadOnlyList<string> lines)
    {
        using var content = new NdjsonContent(lines);
        using var response = await http.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        var result = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<IngestResponse>(response.Content);
        return (result!.Accepted, result.Duplicates);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}

/// <summary>
/// A published host (<c>dotnet publish src/ControlRoom.Host -c Release -r linux-x64</c>: ReadyToRun, no quick JIT, as
/// deploy/ runs it) in its own process with a data folder of its own, fed through <c>POST /api/events</c>. The host
/// that <see cref="HttpTarget"/> embeds is a build: its code starts unoptimised and is still being compiled while the
/// first months are measured.
/// </summary>
internal sealed class PublishedTarget(System.Diagnostics.Process host, HttpClient http, string data) : IIngestTarget
{
    public static async Task<PublishedTarget> StartAsync(string folder)
    {
        var port = FreePort.Next();
        var data = Path.Combine(Path.GetTempPath(), "controlroom-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var host = LoadToolHost.Start(folder, port, data);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ControlRoom.Host.Security.ApiKeyOptions.Header, ControlRoom.Host.Security.ApiKeyOptions.DevelopmentKey);
        await LoadToolHost.WaitUpAsync(http);
        return new PublishedTarget(host, http, data);
    }

    public Task<(int Accepted, int Duplicates)> IngestAsync(IReadOnlyList<ContactEvent> events, IReadOnlyList<string> lines) =>
        HttpTarget.PostAsync(http, lines);

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        LoadToolHost.Stop(host);
        await host.WaitForExitAsync();
        host.Dispose();
        Directory.Delete(data, recursive: true);
    }
}

/// <summary>The embedded host's silo (in-memory state, dashboard, same grains) fed through its event ingestor, without HTTP.</summary>
internal sealed class SiloTarget(WebApplication app, EventIngestor ingestor, string data) : IIngestTarget
{
    public static async Task<SiloTarget> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        var data = Configure(builder);
        builder.AddControlRoomOrleans();
        builder.Services.AddControlRoomIngest();
        var app = builder.Build();
        await app.StartAsync();
        return new SiloTarget(app, app.Services.GetRequiredService<EventIngestor>(), data);
    }

    /// <summary>Free Orleans ports and a cluster of its own, so a running host is never joined; quiet logs; a data folder of its own, returned to be deleted.</summary>
    public static string Configure(WebApplicationBuilder builder)
    {
        var data = Path.Combine(Path.GetTempPath(), "controlroom-bench-" + Guid.NewGuid().ToString("N")[..8]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["ControlRoom:DataPath"] = data,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return data;
    }

    public async Task<(int Accepted, int Duplicates)> IngestAsync(IReadOnlyList<ContactEvent> events, IReadOnlyList<string> lines)
    {
        var result = await ingestor.IngestAsync(events);
        return (result.Accepted, result.Duplicates);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}

/// <summary>The domain alone, on one thread: the grains' work without Orleans (routing, messaging, persistence).</summary>
internal sealed class DomainTarget : IIngestTarget
{
    private static readonly int Shards = new ControlRoomGrainOptions().Shards;
    private readonly InteractionBook[] books = [.. Enumerable.Range(0, Shards).Select(_ => new InteractionBook())];
    private readonly Dictionary<string, QueueLiveState> queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentLiveState> agents = new(StringComparer.Ordinal);

    public Task<(int Accepted, int Duplicates)> IngestAsync(IReadOnlyList<ContactEvent> events, IReadOnlyList<string> lines)
    {
        var now = DateTimeOffset.UtcNow;
        int accepted = 0, duplicates = 0;
        foreach (var shard in events.Where(e => !EventRouter.IsAgentEvent(e)).GroupBy(e => EventRouter.ShardOf(e.InteractionId!, Shards)))
        {
            var book = books[shard.Key];
            var staged = book.Stage([.. shard], now);
            foreach (var change in staged.Changes)
            {
                var leg = (change.New ?? change.Old)!;
                Get(queues, leg.QueueId).Apply(change, now);
                if (leg.AgentId is { } agentId)
                {
                    Get(agents, agentId).ApplyLeg(change);
                }
            }

            book.Commit(staged);
            accepted += staged.Result.Accepted;
            duplicates += staged.Result.Duplicates;
        }

        foreach (var e in events.Where(EventRouter.IsAgentEvent))
        {
            var applied = Get(agents, e.AgentId!).ApplyPresence(e) == PresenceOutcome.Added;
            accepted += applied ? 1 : 0;
            duplicates += applied ? 0 : 1;
        }

        return Task.FromResult((accepted, duplicates));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static T Get<T>(Dictionary<string, T> map, string key)
        where T : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new T();
            map[key] = value;
        }

        return value;
    }
}
