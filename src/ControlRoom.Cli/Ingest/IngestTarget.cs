using ControlRoom.Cli.Arguments;

namespace ControlRoom.Cli.Ingest;

/// <summary>Where events go: the host's <c>POST /api/events</c> and the API key sent with them.</summary>
public sealed record IngestTarget(Uri Endpoint, string Key)
{
    public const string KeyHeader = "X-Api-Key";

    /// <summary>Names this connector instance to feed health, so PBXs sharing a key are watched one by one.</summary>
    public const string SourceHeader = "X-ControlRoom-Source";

    /// <summary>From <c>--source</c>: this instance's name (<c>pbx-roma</c>); null sends none.</summary>
    public string? Instance { get; init; }

    /// <summary>Where the key may come from instead of <c>--key</c>, so a service's key stays out of the process list.</summary>
    public const string KeyVariable = "CONTROLROOM_KEY";

    /// <summary>From <c>--url</c> (the host's root or the endpoint itself) and <c>--key</c> (or <c>CONTROLROOM_KEY</c>).</summary>
    public static IngestTarget FromCommandLine(CommandLine line)
    {
        var url = line.RequiredOption("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an http(s) address, not '{url}'");
        }

        var endpoint = baseUri.AbsolutePath.TrimEnd('/').EndsWith("/api/events", StringComparison.OrdinalIgnoreCase)
            ? baseUri
            : new Uri(baseUri, baseUri.AbsolutePath.TrimEnd('/') + "/api/events");
        var key = line.Option("key") is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(KeyVariable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new UsageException($"--key is required (or the environment variable {KeyVariable})")
            : new IngestTarget(endpoint, key) { Instance = line.Option("source") is { Length: > 0 } instance ? instance : null };
    }
}
