namespace ControlRoom.Host.Security;

/// <summary>
/// <c>dotnet run --project src/ControlRoom.Host -- hash-password</c>: reads a password from standard input and
/// prints the <c>Auth:Users:N:PasswordHash</c> value, so no plain password ever goes into configuration.
/// </summary>
public static class HashPasswordCommand
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["hash-password", ..])
        {
            return false;
        }

        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password: ");
        }

        var password = Console.ReadLine();
        if (string.IsNullOrEmpty(password) || password.Length < 8)
        {
            Console.Error.WriteLine("A password of at least 8 characters is needed.");
            Environment.ExitCode = 2;
            return true;
        }

        Console.WriteLine(LocalUserStore.Hash(password));
        return true;
    }
}
