using System.Diagnostics;
using System.Net;

namespace ControlRoom.Testing;

/// <summary>
/// A published host started by a load tool in a process of its own, from its publish folder, on a port and a data
/// folder of the tool's: what users deploy, measured apart from the tool. (The fault tests' <see cref="HostProcess"/>
/// adds log files, restarts and the test run's own publish.)
/// </summary>
public static class LoadToolHost
{
    public static Process Start(string folder, int port, string data)
    {
        // A self-contained publish (--published) started this way still runs on the runtime published beside it.
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            Path.Combine(folder, "ControlRoom.Host.dll"), "--urls", $"http://127.0.0.1:{port}", "--Simulator:Enabled=false",
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Logging:LogLevel:Default=Warning",
            $"--ControlRoom:DataPath={data}",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the host did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"host: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Until the host answers an API read with the client's key (a second process: no signal to wait on).</summary>
    public static Task WaitUpAsync(HttpClient http) =>
        Eventually.UntilAsync(() => Up(http), up => up, "the host to answer", TimeSpan.FromMinutes(2));

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> Up(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/api/queues", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
