using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Xunit;

namespace ControlRoom.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free port for the life of a test class or collection: without persistence by
/// default, or, for fault tests, with the append-only file the deployment uses (<c>appendonly yes</c>,
/// <c>appendfsync always</c>) in a folder of its own, so it can be killed with SIGKILL and started again on the same
/// port and data. A missing binary is a failure with instructions, never a silent pass: <c>tests/run.sh</c> installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string? dataPath;
    private Process? process;

    /// <summary>Without persistence; the one public constructor, as xunit's fixtures need.</summary>
    public RedisServer()
    {
    }

    private RedisServer(string dataPath) => this.dataPath = dataPath;

    /// <summary>With the deployment's append-only file, for tests that kill and restart it.</summary>
    public static RedisServer Persistent() =>
        new(Path.Combine(Path.GetTempPath(), "controlroom-redis-" + Guid.NewGuid().ToString("N")[..12]));

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public bool IsRunning => process is { HasExited: false };

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts (again) on the same port and, when persistent, the same data: what a restarted server finds.</summary>
    public async Task StartAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run 'bash tests/run.sh' (it installs the Debian package) or 'sudo apt-get install redis-server'.");
        var arguments = new List<string> { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "no" };
        if (dataPath is null)
        {
            arguments.AddRange(["--appendonly", "no"]);
        }
        else
        {
            Directory.CreateDirectory(dataPath);
            arguments.AddRange(["--appendonly", "yes", "--appendfsync", "always", "--dir", dataPath]);
        }

        // redis-server says when it listens (and, with an append-only file, only after loading it): wait for that line.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process
        {
            StartInfo = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true },
            EnableRaisingEvents = true,
        };
        arguments.ForEach(started.StartInfo.ArgumentList.Add);
        started.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, _) => { };
        started.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited with code {started.ExitCode} before it was ready."));
        if (!started.Start())
        {
            throw new InvalidOperationException("redis-server did not start.");
        }

        process = started;
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        await connection.GetDatabase().PingAsync();
    }

    /// <summary>
    /// SIGSTOP: the server stops reading, so what a client sends waits unread in its socket. Killed while paused, the
    /// server's kernel resets those connections: a call cut off midway, as when Redis dies while it is answering.
    /// </summary>
    public void Pause()
    {
        using var stop = Process.Start("kill", ["-STOP", process!.Id.ToString(CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
    }

    /// <summary>Bytes sent to the server that it has not read yet (its sockets' receive queues, from /proc/net/tcp).</summary>
    public long UnreadBytes()
    {
        var port = Port.ToString("X4", CultureInfo.InvariantCulture);
        long unread = 0;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...; the server's side has its port as the local one.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1].EndsWith(":" + port, StringComparison.Ordinal) && fields[3] == "01")
            {
                unread += Convert.ToInt64(fields[4].Split(':')[1], 16);
            }
        }

        return unread;
    }

    /// <summary>SIGKILL: no shutdown, no final write; only what the append-only file already holds survives.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            running.WaitForExit(5000);
        }
    }

    public Task DisposeAsync()
    {
        Kill();
        process?.Dispose();
        if (dataPath is not null && Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }

        return Task.CompletedTask;
    }
}
