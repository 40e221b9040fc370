using System.Security.Cryptography;
using System.Text;
using ControlRoom.Contracts.Boards;

namespace ControlRoom.Host.Boards;

/// <summary>
/// Read-only kiosk tokens: 256 random bits, shown once to the admin; the cluster keeps only their hash, so a copy of
/// the stored state opens no screen. A token grants viewing the boards it names and nothing else.
/// </summary>
public sealed class KioskTokens(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    private IBoardsGrain Boards => grains.GetGrain<IBoardsGrain>(0);

    public async Task<(string Token, KioskGrant Grant)> IssueAsync(IReadOnlyList<string> boardIds, string issuedBy, TimeSpan? lifetime = null)
    {
        var token = Base64UrlToken(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var grant = new KioskGrant(Guid.NewGuid().ToString("N")[..12], [.. boardIds.Distinct(StringComparer.Ordinal)], now, now + (lifetime ?? DefaultLifetime), issuedBy);
        await Boards.AddKioskGrant(Hash(token), grant);
        return (token, grant);
    }

    /// <summary>The grant behind a token, or null when the token is unknown, revoked or expired.</summary>
    public async Task<KioskGrant?> FindAsync(string? token) =>
        token is { Length: >= 16 and <= 128 } ? await Boards.FindKioskGrant(Hash(token)) : null;

    /// <summary>True only when every requested board is granted by the token.</summary>
    public static bool Allows(KioskGrant? grant, IReadOnlyCollection<string> boardIds) =>
        grant is not null && boardIds.Count > 0 && boardIds.All(id => grant.BoardIds.Contains(id, StringComparer.Ordinal));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
