using System.Diagnostics;
using System.Text;
using ControlRoom.Cli.Arguments;

namespace ControlRoom.Cli.Bank;

/// <summary><c>convert-bank FILE [--out FILE.ndjson]</c>: a month of anonymous-bank records to contract NDJSON.</summary>
public static class ConvertBankCommand
{
    public static readonly string[] Options = ["out"];

    public static int Run(CommandLine line, TextWriter stdout, TextWriter stderr)
    {
        var input = line.SinglePositional("FILE");
        if (!File.Exists(input))
        {
            stderr.WriteLine($"error: {input} does not exist");
            return ExitCodes.Failed;
        }

        var watch = Stopwatch.StartNew();
        var conversion = BankConverter.ConvertFile(input);
        foreach (var error in conversion.Errors.Take(20))
        {
            stderr.WriteLine($"error: {input} {error}");
        }

        if (conversion.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {conversion.Errors.Count} lines are not anonymous-bank records; nothing written");
            return ExitCodes.Failed;
        }

        var output = line.Option("out") ?? Path.ChangeExtension(Path.GetFileName(input), ".ndjson");
        using (var writer = new StreamWriter(output, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            BankConverter.WriteNdjson(conversion.Events, writer);
        }

        var kinds = string.Join(", ", conversion.Kinds.OrderBy(k => k.Key).Select(k => $"{k.Value} {k.Key}"));
        stdout.WriteLine($"wrote {conversion.Events.Count} events to {output} in {watch.Elapsed.TotalSeconds:0.0} s (records: {kinds})");
        return ExitCodes.Ok;
    }
}
