using ControlRoom.Cli;
using ControlRoom.Cli.Arguments;
using ControlRoom.Cli.Bank;
using ControlRoom.Cli.Replay;

const string Usage = """
    usage:
      controlroom replay FILE --url URL --key KEY [--batch 1000] [--speed X]
          streams an NDJSON file of contract events into a running host (POST /api/events);
          --speed X replays at X times the events' own pace (by occurredAt)
      controlroom convert-bank FILE [--out FILE.ndjson]
          converts an anonymous-bank month (tab-separated call records) to contract NDJSON
    exit codes: 0 ok, 1 failed, 2 usage
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the replay cleanly and reports how far it came.
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var command = args.Length > 0 ? args[0] : "";
    switch (command)
    {
        case "replay":
            var options = ReplayCommand.Parse(CommandLine.Parse(args, ReplayCommand.Options));
            using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) })
            {
                return await new ReplayCommand(http, Console.Out, Console.Error, TimeProvider.System).RunAsync(options, cancel.Token);
            }

        case "convert-bank":
            return ConvertBankCommand.Run(CommandLine.Parse(args, ConvertBankCommand.Options), Console.Out, Console.Error);
        case "help" or "--help" or "-h":
            Console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        default:
            throw new UsageException(command.Length == 0 ? "no command given" : $"unknown command '{command}'");
    }
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(Usage);
    return ExitCodes.Usage;
}
