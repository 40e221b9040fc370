using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ControlRoom.Host.Hosting;

/// <summary>
/// A host asked to stop exits within <c>ControlRoom:StopDeadline</c> (default 8 s), even when its store is gone:
/// Orleans keeps retrying to record its departure in the cluster table (for minutes, with Redis down), and an
/// orchestrator needs the process to end. Ending it is safe: nothing is acknowledged before it is durable, so the
/// last snapshots and goodbyes are a courtesy, not a need. The exit bypasses managed shutdown handlers, which would
/// otherwise wait for the very disposal that hangs.
/// </summary>
internal sealed class StopDeadline(IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var after = configuration.GetValue("ControlRoom:StopDeadline", TimeSpan.FromSeconds(8));

        // Its own thread, not a timer: a stuck shutdown may leave no thread-pool thread to run a timer's callback.
        lifetime.ApplicationStopping.Register(() => new Thread(() => Watch(after)) { IsBackground = true, Name = "stop deadline" }.Start());
        return Task.CompletedTask;
    }

    private void Watch(TimeSpan after)
    {
        if (!lifetime.ApplicationStopped.WaitHandle.WaitOne(after))
        {
            Exit(after);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Exit(TimeSpan after)
    {
        // Written directly: the logging pipeline is being torn down and would not flush before the exit.
        Console.Error.WriteLine($"warn: ControlRoom stop deadline: still stopping after {after} (is the store unreachable?); exiting now, everything acknowledged is durable.");
        Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            ExitNow(0);
        }

        Process.GetCurrentProcess().Kill();
    }

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void ExitNow(int status);
}
