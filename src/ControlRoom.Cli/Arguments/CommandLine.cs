using System.Globalization;

namespace ControlRoom.Cli.Arguments;

/// <summary>
/// A command line split into its command, positional arguments and <c>--name value</c> options. Hand-parsed on
/// purpose: the tool has three options per command and no reason to carry a parsing library.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> options;
    private readonly HashSet<string> flags;

    private CommandLine(string command, IReadOnlyList<string> positionals, Dictionary<string, string> options, HashSet<string> flags)
    {
        Command = command;
        Positionals = positionals;
        this.options = options;
        this.flags = flags;
    }

    public string Command { get; }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>
    /// Splits <paramref name="args"/>; every option must be one of <paramref name="known"/> and have a value, or be
    /// one of <paramref name="knownFlags"/>, which take none (<c>--follow</c>).
    /// </summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? knownFlags = null)
    {
        if (args.Count == 0)
        {
            throw new UsageException("no command given");
        }

        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            if (knownFlags?.Contains(name) == true)
            {
                if (!flags.Add(name))
                {
                    throw new UsageException($"--{name} is given twice");
                }

                continue;
            }

            string value;
            if (name.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value");
            }

            if (!known.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }

            if (!options.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice");
            }
        }

        return new CommandLine(args[0], positionals, options, flags);
    }

    public string? Option(string name) => options.GetValueOrDefault(name);

    public bool Flag(string name) => flags.Contains(name);

    public string RequiredOption(string name) =>
        Option(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required");

    public string SinglePositional(string what) => Positionals.Count switch
    {
        1 => Positionals[0],
        0 => throw new UsageException($"{what} is required"),
        _ => throw new UsageException($"only one {what} is expected, got '{string.Join("' '", Positionals)}'"),
    };

    public int IntOption(string name, int fallback, int min, int max)
    {
        if (Option(name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    public double? PositiveDoubleOption(string name)
    {
        if (Option(name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new UsageException($"--{name} must be a positive number, not '{text}'");
    }
}

/// <summary>The command line is wrong: the tool prints the reason and its usage and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);
