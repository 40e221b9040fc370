using ControlRoom.Contracts.Interactions;

namespace ControlRoom.Grains.Interactions;

/// <summary>The results of the last applied log positions (oldest forgotten first).</summary>
internal sealed class RecentResults(int capacity)
{
    private readonly Dictionary<long, IngestResult> byPosition = [];
    private readonly Queue<long> order = new();

    public void Add(long position, IngestResult result)
    {
        if (byPosition.TryAdd(position, result))
        {
            order.Enqueue(position);
            if (order.Count > capacity)
            {
                byPosition.Remove(order.Dequeue());
            }
        }
    }

    public IngestResult? Get(long position) => byPosition.TryGetValue(position, out var result) ? result : null;
}
