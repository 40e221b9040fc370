using System.Text.Json;

namespace ControlRoom.Cli.QueueLog;

/// <summary>
/// The connector's high-water mark: the position after the last line whose event the host acknowledged (or that had
/// no event), and the agent roster as it stood after that line. Written only after the batch covering it was answered
/// <c>202</c>, so every line after it is sent again after a crash; the host counts those as duplicates.
/// </summary>
public sealed record QueueLogState(string File, QueueLogPosition Position, Dictionary<string, AgentSeat> Agents, DateTimeOffset SavedAt)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The saved state; null when there is none yet. A state that cannot be read is an error, never a silent restart.</summary>
    public static QueueLogState? Load(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<QueueLogState>(System.IO.File.ReadAllText(path), Json);
            return state is { Version: CurrentVersion, Position: not null, Agents: not null }
                ? state
                : throw new InvalidDataException($"version {state?.Version} is not {CurrentVersion}, or fields are missing");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"the state file {path} cannot be read ({ex.Message}); move it away to start again from the beginning of the file (lines already sent count as duplicates)", ex);
        }
    }

    /// <summary>
    /// Replaces the state file atomically: the new content goes to a temporary file beside it, is flushed to the disk,
    /// and is renamed over the old one, so a crash at any moment leaves the old state or the new one, never half of one.
    /// </summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }

        System.IO.File.Move(temporary, path, overwrite: true);
    }
}
