using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ControlRoom.QueueLog.Tests.Follow;

/// <summary>
/// The connector as it runs on a PBX: <c>dotnet controlroom.dll queue-log FILE --follow …</c> in a process of its own,
/// its key in <c>CONTROLROOM_KEY</c> as deploy/controlroom-queue-log.service gives it,
/// which a test can kill (SIGKILL, no chance to clean up) or stop as systemd does (SIGTERM).
/// </summary>
public sealed class ConnectorProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConnectorProcess(Process process) => this.process = process;

    /// <summary>What the connector wrote to stdout and stderr so far.</summary>
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

    public static ConnectorProcess Start(string file, Uri url, string key, string state, int batch)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "controlroom.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "queue-log", file, "--url", url.ToString(), "--state", state, "--follow", "--batch", batch.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        // As the systemd unit passes it: from the environment, never on the command line.
        start.Environment["CONTROLROOM_KEY"] = key;

        var connector = new ConnectorProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        connector.process.OutputDataReceived += (_, e) => connector.Append(e.Data);
        connector.process.ErrorDataReceived += (_, e) => connector.Append(e.Data);
        connector.process.Exited += (_, _) => connector.exited.TrySetResult();
        if (!connector.process.Start())
        {
            throw new InvalidOperationException("the connector process did not start");
        }

        connector.process.BeginOutputReadLine();
        connector.process.BeginErrorReadLine();
        return connector;
    }

    /// <summary>kill -9: the connector dies wherever it is, with a batch in flight or a state file half written.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM, as <c>systemctl stop</c> sends it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
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
