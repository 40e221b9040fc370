using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace ControlRoom.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free port, without persistence, for the life of a test class or collection.
/// A missing binary is a failure with instructions, never a silent pass: <c>tests/run.sh</c> installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run 'bash tests/run.sh' (it installs the Debian package) or 'sudo apt-get install redis-server'.");
        // redis-server says when it listens: wait for that line (or its exit) instead of polling the port.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process
        {
            StartInfo = new ProcessStartInfo(binary)
            {
                ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited with code {process.ExitCode} before it was ready."));
        if (!process.Start())
        {
            throw new InvalidOperationException("redis-server did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        await connection.GetDatabase().PingAsync();
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }
}
