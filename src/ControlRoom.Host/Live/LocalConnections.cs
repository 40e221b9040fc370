using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace ControlRoom.Host.Live;

/// <summary>
/// This node's hub connections by what they follow. Every node's live cache hears every change, so each node sends to
/// its own connections only (addressed by id, which the Redis backplane delivers locally); sending to a SignalR group
/// would reach every node's members once per node.
/// </summary>
public sealed class LocalConnections
{
    private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> byGroup = new(StringComparer.Ordinal);

    /// <summary>The followers of each queue as last computed, valid while <see cref="version"/> has not moved.</summary>
    private readonly ConcurrentDictionary<(string, string), (long Version, IReadOnlyList<string> Connections)> followers = new();
    private long version;

    public void Add(string group, string connectionId)
    {
        byGroup.AddOrUpdate(group, _ => [connectionId], (_, set) => set.Add(connectionId));
        Interlocked.Increment(ref version); // after the change, so a list computed before it is never taken as current
    }

    public void Remove(string group, string connectionId)
    {
        while (byGroup.TryGetValue(group, out var set))
        {
            var rest = set.Remove(connectionId);
            if (rest.IsEmpty ? byGroup.TryRemove(new KeyValuePair<string, ImmutableHashSet<string>>(group, set)) : byGroup.TryUpdate(group, rest, set))
            {
                Interlocked.Increment(ref version);
                return;
            }
        }
    }

    /// <summary>
    /// The connections of the group, or of either group (a queue's and the all-queues group), each once; computed once
    /// per change of any subscription rather than once per message, as the publisher asks for every message it sends.
    /// </summary>
    public IReadOnlyList<string> In(string group, string? otherGroup = null)
    {
        var key = (group, otherGroup ?? group);
        var current = Interlocked.Read(ref version);
        if (followers.TryGetValue(key, out var known) && known.Version == current)
        {
            return known.Connections;
        }

        var connections = Compute(group, otherGroup);
        followers[key] = (current, connections);
        return connections;
    }

    public void RemoveEverywhere(string connectionId)
    {
        foreach (var group in byGroup.Keys)
        {
            Remove(group, connectionId);
        }
    }

    /// <summary>
    /// SignalR's default lifetime manager asks the list whether it contains each of the node's connections, so the list
    /// answers that from a hash set: with 200 boards following every queue, a list's linear search cost 40,000 string
    /// comparisons per message.
    /// </summary>
    private IReadOnlyList<string> Compute(string group, string? otherGroup)
    {
        var found = byGroup.GetValueOrDefault(group, []);
        if (otherGroup is not null && byGroup.TryGetValue(otherGroup, out var other))
        {
            found = found.IsEmpty ? other : found.Union(other);
        }

        return found.IsEmpty ? [] : new ConnectionList(found);
    }

    /// <summary>A read-only list of connection ids whose <c>Contains</c> (through <see cref="ICollection{T}"/>) is a hash lookup.</summary>
    private sealed class ConnectionList(IEnumerable<string> connections) : IReadOnlyList<string>, ICollection<string>
    {
        private readonly string[] items = [.. connections];
        private readonly HashSet<string> set = new(connections, StringComparer.Ordinal);

        public int Count => items.Length;

        public bool IsReadOnly => true;

        public string this[int index] => items[index];

        public bool Contains(string item) => set.Contains(item);

        public void CopyTo(string[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)items).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();

        public void Add(string item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(string item) => throw new NotSupportedException();
    }
}
