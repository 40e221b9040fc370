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

    public void Add(string group, string connectionId) =>
        byGroup.AddOrUpdate(group, _ => [connectionId], (_, set) => set.Add(connectionId));

    public void Remove(string group, string connectionId)
    {
        while (byGroup.TryGetValue(group, out var set))
        {
            var rest = set.Remove(connectionId);
            if (rest.IsEmpty ? byGroup.TryRemove(new KeyValuePair<string, ImmutableHashSet<string>>(group, set)) : byGroup.TryUpdate(group, rest, set))
            {
                return;
            }
        }
    }

    public void RemoveEverywhere(string connectionId)
    {
        foreach (var group in byGroup.Keys)
        {
            Remove(group, connectionId);
        }
    }

    /// <summary>The connections of any of the groups, each once.</summary>
    public IReadOnlyList<string> In(params string[] groups)
    {
        var found = ImmutableHashSet<string>.Empty;
        foreach (var group in groups)
        {
            if (byGroup.TryGetValue(group, out var set))
            {
                found = found.IsEmpty ? set : found.Union(set);
            }
        }

        return [.. found];
    }
}
