namespace ControlRoom.Testing;

/// <summary>Finds the checkout from the test's bin folder, so tests read shared data the way a clone lays it out.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> beside the repository: the contract and the real call data live there, never copied in.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlRoom.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ControlRoom.sln above {AppContext.BaseDirectory}.");
    }
}
