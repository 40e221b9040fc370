namespace ControlRoom.RealData.Tests.RealData;

/// <summary>Finds the shared anonymous-bank data beside the repository; missing data fails the test, never skips it.</summary>
public static class BankData
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlRoom.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains ControlRoom.sln.");
    }

    public static string Month(string fileName)
    {
        var folder = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "anonymous-bank"));
        var path = Path.Combine(folder, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The real-data test needs {path}: the read-only anonymous-bank data must sit in ../shared/data/anonymous-bank/ " +
                "beside the repository root. It is not copied into the repository, so provide that folder to run this test.", path);
    }
}
