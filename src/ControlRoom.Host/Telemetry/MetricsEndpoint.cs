using System.IO.Compression;
using System.Text;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: the OpenTelemetry Prometheus exporter's text (our meter, ASP.NET Core, Orleans, the runtime)
/// followed by the queue gauges. The exporter is asked for the classic text format (0.0.4) even when the scraper
/// offers OpenMetrics, because OpenMetrics ends with <c># EOF</c> and nothing may follow it. A scrape's cost is
/// bounded: the exporter reuses a collection for a second, the queue text is rendered at most once a second and
/// shared by concurrent scrapers, and its size grows only with the number of queues (gzip when the scraper accepts it,
/// as Prometheus does).
/// </summary>
public sealed class MetricsEndpoint(QueueSnapshotSource queues, TimeProvider clock)
{
    public const string Path = "/metrics";
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly Lock renderLock = new();

    /// <summary>One exporter collection at a time: concurrent scrapes (Prometheus and a person) then share its cached result.</summary>
    private readonly SemaphoreSlim exporterTurn = new(1, 1);
    private (long At, byte[] Text)? rendered;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var exporter = endpoints.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null!, predicate: _ => true, path: null!, configureBranchedPipeline: null!, optionsName: null!)
            .Build();
        var scrape = ActivatorUtilities.CreateInstance<MetricsEndpoint>(endpoints.ServiceProvider);

        // Two parameters, so this maps as a route handler (described in OpenAPI) rather than as a bare RequestDelegate.
        var route = endpoints.MapGet(Path, (HttpContext context, CancellationToken _) => scrape.WriteAsync(context, exporter))
            .WithName("ScrapeMetrics")
            .WithTags("Operations")
            .WithSummary("Prometheus metrics: ControlRoom's instruments and every queue's live figures (text exposition format 0.0.4).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        if (endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>($"{MetricsOptions.Section}:{nameof(MetricsOptions.AllowAnonymous)}"))
        {
            route.AllowAnonymous();
        }
        else
        {
            route.RequireAuthorization(Policies.MetricsScraper);
        }
    }

    private async Task WriteAsync(HttpContext context, RequestDelegate exporter)
    {
        var request = context.Request;
        var response = context.Response;
        var gzip = request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

        // The exporter writes plain, uncompressed text into a buffer; the whole answer is compressed once, below.
        request.Headers.Accept = "text/plain";
        request.Headers.AcceptEncoding = "identity";
        var original = response.Body;
        using var meters = new MemoryStream();
        response.Body = meters;
        await exporterTurn.WaitAsync(context.RequestAborted);
        try
        {
            await exporter(context);
        }
        finally
        {
            exporterTurn.Release();
            response.Body = original;
        }

        if (response.StatusCode != StatusCodes.Status200OK)
        {
            return;
        }

        response.ContentType = ContentType;
        response.Headers.Vary = "Accept-Encoding";
        response.Headers.ContentEncoding = gzip ? "gzip" : default;
        await using var body = gzip ? new GZipStream(original, CompressionLevel.Fastest, leaveOpen: true) : null;
        var target = body ?? original;
        await target.WriteAsync(meters.GetBuffer().AsMemory(0, (int)meters.Length), context.RequestAborted);
        await target.WriteAsync(QueueText(), context.RequestAborted);
    }

    private byte[] QueueText()
    {
        lock (renderLock)
        {
            var now = clock.GetTimestamp();
            if (rendered is { } last && clock.GetElapsedTime(last.At, now) < Reuse)
            {
                return last.Text;
            }

            var current = queues.Current;
            var text = new StringBuilder(capacity: 256 + current.Count * 2048);
            QueueGauges.Write(current, clock.GetUtcNow(), text);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            rendered = (now, bytes);
            return bytes;
        }
    }
}
