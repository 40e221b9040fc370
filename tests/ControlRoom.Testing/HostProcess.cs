using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Testing;

/// <summary>
/// The published host as its own operating-system process, as an operator runs it: started with command-line
/// settings, killed with SIGKILL or stopped with SIGTERM, started again on the same ports and data. Its output goes
/// to a log file, named in every failure.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string[] arguments;
    private Process? process;

    private HostProcess(string name, IEnumerable<KeyValuePair<string, string>> settings)
    {
        Name = name;
        HttpPort = FreePort.Next();
        LogPath = Path.Combine(Path.GetTempPath(), $"controlroom-{name}-{Guid.NewGuid():N}.log");
        arguments = [.. settings.Append(new("urls", BaseAddress.ToString().TrimEnd('/'))).Select(s => $"--{s.Key}={s.Value}")];
    }

    public string Name { get; }

    public int HttpPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public string LogPath { get; }

    public bool IsRunning => process is { HasExited: false };

    public int? ProcessId => process?.Id;

    /// <summary>A host with its own Orleans ports; add the cluster, store and any other settings.</summary>
    public static HostProcess Create(string name, IReadOnlyDictionary<string, string> settings) =>
        new(name, new Dictionary<string, string>
        {
            ["Simulator:Enabled"] = "false",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Ingest:ApiKeys:0"] = ControlRoomHost.DevelopmentKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ControlRoom"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        }.Concat(settings).GroupBy(s => s.Key).Select(g => g.Last()));

    public async Task StartAsync()
    {
        var started = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = PublishedHost.Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_gcServer"] = "0" },
            },
        };
        started.StartInfo.ArgumentList.Add(PublishedHost.Dll);
        foreach (var argument in arguments)
        {
            started.StartInfo.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {DateTimeOffset.Now:O}");
        started.OutputDataReceived += (_, line) => Write(log, line.Data);
        started.ErrorDataReceived += (_, line) => Write(log, line.Data);
        started.Exited += (_, _) => Write(log, $"==== exited {DateTimeOffset.Now:O}");
        started.EnableRaisingEvents = true;
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitReadyAsync();
    }

    /// <summary>Until <c>/health/ready</c> answers 200: store reachable, silo active, log applied.</summary>
    public async Task WaitReadyAsync(TimeSpan? within = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"Host {Name} exited before it was ready; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Host {Name} was not ready in time; see {LogPath}:\n{Tail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown, no last write.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            running.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as systemd or an orchestrator stops it; returns how long it took to exit.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan? within = null)
    {
        if (process is not { HasExited: false } running)
        {
            return TimeSpan.Zero;
        }

        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"Host {Name} did not stop after SIGTERM; see {LogPath}:\n{Tail()}");
        }

        return stopwatch.Elapsed;
    }

    public HttpClient ApiClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ControlRoomHost.DevelopmentKey);
        return client;
    }

    public Task<HttpClient> SignInAsync(string userName) => SignIn.AsAsync(BaseAddress, userName);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var api = ApiClient();
        return await api.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>The last lines the host wrote, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                // killed by StopAsync
            }
        }

        process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}

/// <summary>
/// The host as <c>dotnet publish</c> lays it out (<c>artifacts/host</c>, which <c>tests/run.sh</c> publishes after the
/// build); published here once if it is missing, so a test run from an IDE works too.
/// </summary>
public static class PublishedHost
{
    private static readonly Lazy<string> Published = new(Publish);

    public static string Folder => Published.Value;

    public static string Dll => Path.Combine(Folder, "ControlRoom.Host.dll");

    private static string Publish()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "host");
        if (File.Exists(Path.Combine(folder, "ControlRoom.Host.dll")))
        {
            return folder;
        }

        using var publish = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepositoryPaths.Root, "src", "ControlRoom.Host"), "-c", "Debug", "--no-build", "-o", folder, "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = publish.StandardOutput.ReadToEnd() + publish.StandardError.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish of the host failed:\n" + output);
        }

        return folder;
    }
}
