using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ControlRoom.Observability.Tests;

/// <summary>
/// A real Prometheus (Debian package <c>prometheus</c>) scraping one target every second with a bearer key, with its
/// own data folder and a free port; stopped and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process process;
    private readonly string folder;
    private readonly StringBuilder output = new();

    private PrometheusServer(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<PrometheusServer> StartAsync(Uri target, string bearerKey)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("prometheus is not installed: run 'bash tests/run.sh' (it installs the Debian package) or 'apt-get install prometheus'.");
        }

        var folder = Directory.CreateTempSubdirectory("controlroom-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, ScrapeConfig(target, bearerKey));
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.UntilAsync(server.ReadyAsync, ready => ready || process.HasExited, "prometheus to be ready", TimeSpan.FromSeconds(30));
        if (process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {server.Output}");
        }

        return server;
    }

    /// <summary>The same scrape configuration docs/operations.md gives, with a one-second interval for the test.</summary>
    public static string ScrapeConfig(Uri target, string bearerKey) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: controlroom
            metrics_path: /metrics
            authorization:
              type: Bearer
              credentials: {bearerKey}
            static_configs:
              - targets: ['{target.Authority}']
        """;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>An instant query through the HTTP API: each result's labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Time, double Value)>> QueryAsync(string query)
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString(query));
        if (answer.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"prometheus refused '{query}': {answer}");
        }

        return
        [
            .. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(r =>
            (
                (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                r.GetProperty("value")[0].GetDouble(),
                double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
