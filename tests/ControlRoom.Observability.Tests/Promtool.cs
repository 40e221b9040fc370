using System.Diagnostics;

namespace ControlRoom.Observability.Tests;

/// <summary>Prometheus' own checker (Debian package <c>prometheus</c>): lints exposition text, rules and configuration.</summary>
public static class Promtool
{
    public const string Executable = "/usr/bin/promtool";

    public static async Task<(int Exit, string Output)> RunAsync(string? input, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("promtool (Debian package prometheus) is not installed: run 'bash tests/run.sh'.");
        }

        var start = new ProcessStartInfo(Executable, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
