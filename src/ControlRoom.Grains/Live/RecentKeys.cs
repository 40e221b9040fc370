namespace ControlRoom.Grains.Live;

/// <summary>A bounded set of recently seen keys (oldest forgotten first), for idempotent batch hand-over.</summary>
internal sealed class RecentKeys(int capacity)
{
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>Adds the key; false when it was seen recently.</summary>
    public bool Add(string key)
    {
        if (!keys.Add(key))
        {
            return false;
        }

        order.Enqueue(key);
        if (order.Count > capacity)
        {
            keys.Remove(order.Dequeue());
        }

        return true;
    }
}
