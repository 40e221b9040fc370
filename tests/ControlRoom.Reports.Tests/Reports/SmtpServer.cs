using System.Diagnostics;
using System.Net.Sockets;

namespace ControlRoom.Reports.Tests.Reports;

/// <summary>
/// A real SMTP server process: aiosmtpd (Debian package python3-aiosmtpd) on a free loopback port, delivering every
/// message it accepts into a Maildir that the tests read.
/// </summary>
public sealed class SmtpServer : IAsyncLifetime
{
    private Process? process;

    public int Port { get; } = FreePort.Next();

    public string Maildir { get; } = Path.Combine(Path.GetTempPath(), "controlroom-smtp-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("aiosmtpd did not start (apt-get install python3-aiosmtpd)");
        await Eventually.UntilAsync(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return process.HasExited ? throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync()) : false;
            }
        }, up => up, "the SMTP server to accept connections");
    }

    /// <summary>The messages delivered so far, as raw RFC 5322 text.</summary>
    public IReadOnlyList<string> Messages() =>
        Directory.Exists(Path.Combine(Maildir, "new")) ? [.. Directory.GetFiles(Path.Combine(Maildir, "new")).Select(File.ReadAllText)] : [];

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
        if (Directory.Exists(Maildir))
        {
            Directory.Delete(Maildir, recursive: true);
        }

        return Task.CompletedTask;
    }
}
