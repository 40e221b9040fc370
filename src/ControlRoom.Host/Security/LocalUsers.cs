using System.Security.Cryptography;

namespace ControlRoom.Host.Security;

/// <summary>A configured person (<c>Auth:Users</c>): the password is stored only as a PBKDF2 hash.</summary>
public sealed class LocalUser
{
    public string UserName { get; set; } = "";
    public string? DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public List<string> Roles { get; set; } = [];
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public List<LocalUser> Users { get; set; } = [];

    /// <summary>
    /// The four development users (one per role) when no user is configured. Default: on in the embedded default
    /// only; the loopback demo cluster in deploy/ switches it on explicitly.
    /// </summary>
    public bool? DevelopmentUsers { get; set; }

    /// <summary>Password of the development users created when no user is configured (embedded default only).</summary>
    public string DevelopmentPassword { get; set; } = "controlroom";
}

/// <summary>Checks sign-ins against the configured users; PBKDF2-SHA256 with a per-user salt.</summary>
public sealed class LocalUserStore
{
    private const int Iterations = 100_000;
    private readonly Dictionary<string, LocalUser> users;

    public LocalUserStore(IEnumerable<LocalUser> configured) =>
        users = configured.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);

    public bool IsDevelopment { get; init; }

    public IReadOnlyCollection<LocalUser> Users => users.Values;

    /// <summary>The development users of the embedded default: one per role, all with the documented password.</summary>
    public static LocalUserStore Development(string password) => new(
    [
        new LocalUser { UserName = "admin", DisplayName = "Admin", PasswordHash = Hash(password), Roles = [Roles.Admin] },
        new LocalUser { UserName = "lead", DisplayName = "Team lead", PasswordHash = Hash(password), Roles = [Roles.TeamLead] },
        new LocalUser { UserName = "planner", DisplayName = "Planner", PasswordHash = Hash(password), Roles = [Roles.Planner] },
        new LocalUser { UserName = "viewer", DisplayName = "Viewer", PasswordHash = Hash(password), Roles = [Roles.Viewer] },
    ])
    { IsDevelopment = true };

    public LocalUser? Verify(string userName, string password) =>
        users.TryGetValue(userName, out var user) && Matches(password, user.PasswordHash) ? user : null;

    /// <summary>The stored form: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).</summary>
    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Matches(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
