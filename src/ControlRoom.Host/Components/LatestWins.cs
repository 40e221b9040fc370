using System.Collections.Concurrent;

namespace ControlRoom.Host.Components;

/// <summary>Snapshots can overtake one another on the way: a node's copy keeps the newest, never an older one.</summary>
public static class LatestWins
{
    /// <returns>True when <paramref name="value"/> was kept (it is newer than, or as new as, what was held).</returns>
    public static bool Keep<T>(ConcurrentDictionary<string, T> map, string key, T value, Func<T, DateTimeOffset> asOf)
        where T : class
    {
        while (true)
        {
            if (!map.TryGetValue(key, out var known))
            {
                if (map.TryAdd(key, value))
                {
                    return true;
                }
            }
            else if (asOf(known) > asOf(value))
            {
                return false;
            }
            else if (map.TryUpdate(key, value, known))
            {
                return true;
            }
        }
    }
}
