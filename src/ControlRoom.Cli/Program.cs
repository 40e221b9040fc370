using System.Runtime.InteropServices;
using ControlRoom.Cli;
using ControlRoom.Cli.Arguments;
using ControlRoom.Cli.Bank;
using ControlRoom.Cli.QueueLog;
using ControlRoom.Cli.Replay;

const string Usage = """
    usage:
      controlroom replay FILE --url URL --key KEY [--batch 1000] [--speed X]
          streams an NDJSON file of contract events into a running host (POST /api/events);
          --speed X replays at X times the events' own pace (by occurredAt)
      controlroom queue-log FILE --url URL --key KEY [--state STATEFILE] [--follow] [--batch 1000] [--source NAME]
          sends an Asterisk queue_log as contract events: from the position in STATEFILE (or the start) to the end,
          or with --follow for as long as it runs, across rotations; --source names this PBX to feed health;
          see docs/sources/asterisk.md
    the key may come from the environment variable CONTROLROOM_KEY instead of --key
      controlroom latency --url URL --key KEY [--samples 20]
          measures POST /api/events -> hub queueUpdated over real HTTP and SignalR (p50, p90, worst)
      controlroom convert-bank FILE [--out FILE.ndjson]
          converts an anonymous-bank month (tab-separated call records) to contract NDJSON
    exit codes: 0 ok, 1 failed, 2 usage, 3 refused by the host (sending again would not help)
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the command cleanly and reports how far it came.
    e.Cancel = true;
    cancel.Cancel();
};

// A service manager stops the tool with SIGTERM: the same clean stop as Ctrl+C.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

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

        case "queue-log":
            var queueLog = QueueLogCommand.Parse(CommandLine.Parse(args, QueueLogCommand.Options, QueueLogCommand.Flags));
            using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) })
            {
                return await new QueueLogCommand(http, Console.Out, Console.Error, TimeProvider.System).RunAsync(queueLog, cancel.Token);
            }

        case "latency":
            return await ControlRoom.Cli.Latency.LatencyCommand.RunAsync(CommandLine.Parse(args, ControlRoom.Cli.Latency.LatencyCommand.Options), Console.Out, cancel.Token);
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
