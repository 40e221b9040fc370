using System.Text;

namespace ControlRoom.Host.Components.Board;

/// <summary>
/// A queue's colour, the same on every screen (tile accent, chart series, queue page) and every node: a stable
/// hash of its id into a palette chosen for the dark boards. Every colour stands at least 4.5:1 against a tile,
/// keeps clear of the status colours (green, amber, red) and of grey, and any two stay apart (CIEDE2000 ≥ 10) for
/// normal vision and for protanopia, deuteranopia and tritanopia (Machado 2009 simulation); the checks are
/// <c>QueueColourTests</c>, the reasoning docs/wall.md. Two queues can still share a colour (ten colours, any
/// number of queues): their names always stand beside it.
/// </summary>
public static class QueueColours
{
    /// <summary>In palette order: sky, orange, periwinkle, sand, teal, mauve, pink, lime, khaki, lavender.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#55DDFF", "#DD6611", "#7777FF", "#DDDD99", "#11AA88", "#BB77AA", "#FFAABB", "#BBEE00", "#BBAA66", "#9999DD"];

    /// <summary>Hashed before the id; chosen so that the built-in simulator's six queues get six different colours.</summary>
    private const string Salt = "queue-colour-21";

    public static string Of(string queueId) => Palette[(int)(Hash(Salt + queueId) % (uint)Palette.Count)];

    /// <summary>32-bit FNV-1a of the UTF-8 bytes: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
