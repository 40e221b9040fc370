namespace ControlRoom.Host.Boards;

/// <summary>The kiosk link: <c>/kiosk?boards=a,b&amp;rotate=20&amp;token=…</c>.</summary>
public static class KioskRotation
{
    public const int DefaultSeconds = 20;
    public const int MinSeconds = 2;
    public const int MaxSeconds = 3600;

    public static int Clamp(int seconds) => Math.Clamp(seconds, MinSeconds, MaxSeconds);

    public static IReadOnlyList<string> ParseBoards(string? boards) =>
        [.. (boards ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Take(50)];

    public static string Link(IEnumerable<string> boardIds, int rotateSeconds, string token) =>
        $"kiosk?boards={Uri.EscapeDataString(string.Join(',', boardIds))}&rotate={rotateSeconds}&token={Uri.EscapeDataString(token)}";
}
