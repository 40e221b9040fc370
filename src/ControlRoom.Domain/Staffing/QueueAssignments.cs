using ControlRoom.Contracts.Staffing;

namespace ControlRoom.Domain.Staffing;

/// <summary>Planner changes to an agent's queues, as pure list operations.</summary>
public static class QueueAssignments
{
    public const int DefaultPriority = 1;
    public const int MaxPriority = 99;

    /// <summary>
    /// <paramref name="current"/> without the queues in <paramref name="remove"/>, with those in <paramref name="add"/>
    /// (a queue already served takes the new priority); ordered by priority, then queue id.
    /// </summary>
    public static IReadOnlyList<QueueAssignment> Apply(IReadOnlyList<QueueAssignment> current, IReadOnlyList<QueueAssignment> add,
        IReadOnlyList<string> remove)
    {
        var result = new Dictionary<string, QueueAssignment>(StringComparer.Ordinal);
        foreach (var a in current.Where(a => !remove.Contains(a.QueueId, StringComparer.Ordinal)))
        {
            result[a.QueueId] = a;
        }

        foreach (var a in add)
        {
            result[a.QueueId] = a;
        }

        return Ordered(result.Values);
    }

    /// <summary>By priority, then queue id. Two assignments equal in both are equal records, so the sort need not be stable.</summary>
    public static IReadOnlyList<QueueAssignment> Ordered(IEnumerable<QueueAssignment> assignments)
    {
        var ordered = assignments.ToArray();
        Array.Sort(ordered, ByPriorityThenQueue);
        return ordered;
    }

    private static readonly Comparison<QueueAssignment> ByPriorityThenQueue = static (a, b) =>
        a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.QueueId, b.QueueId);

    public static IReadOnlyList<QueueAssignment> FromQueues(IEnumerable<string> queueIds) =>
        Ordered(queueIds.Select(q => new QueueAssignment(q, DefaultPriority)));

    public static bool SameAs(IReadOnlyList<QueueAssignment> a, IReadOnlyList<QueueAssignment> b) =>
        Ordered(a).SequenceEqual(Ordered(b));
}
