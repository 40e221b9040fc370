namespace ControlRoom.Storage;

/// <summary>
/// Where the embedded default keeps its durable store, held exclusively for the life of the process: a second host
/// pointed at the same folder stops at once with a clear message instead of writing beside the first. The lock is
/// the operating system's, so a killed process leaves nothing to clean up.
/// </summary>
public sealed class DataFolder : IDisposable
{
    public const string Key = "ControlRoom:DataPath";

    private readonly FileStream lockFile;

    private DataFolder(string path, FileStream lockFile)
    {
        Path = path;
        this.lockFile = lockFile;
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "controlroom.db");

    /// <summary>The per-user application data folder (<c>~/.local/share/ControlRoom</c> on Linux, <c>%LOCALAPPDATA%\ControlRoom</c> on Windows).</summary>
    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ControlRoom");

    public static DataFolder Open(string? configured)
    {
        var path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured);
        Directory.CreateDirectory(path);
        var lockPath = System.IO.Path.Combine(path, "controlroom.lock");
        try
        {
            return new DataFolder(path, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The data folder {path} is in use by another ControlRoom host. Stop it, or give this one its own folder with --{Key}=<folder> (and its own --Orleans:SiloPort and --Orleans:GatewayPort).", ex);
        }
    }

    public void Dispose() => lockFile.Dispose();
}
