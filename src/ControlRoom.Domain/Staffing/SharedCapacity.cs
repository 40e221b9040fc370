using System.Runtime.InteropServices;

namespace ControlRoom.Domain.Staffing;

/// <summary>
/// Multiskill agents in the staffing maths. An agent logged in with several queues cannot serve each of them full
/// time: they give each queue a share of their time in proportion to its offered load (the usual FTE split of
/// workforce planning), equal shares when none of their queues has load. A queue's <b>effective agents</b> are the
/// sum of its agents' shares; Erlang C is evaluated on that, not on the head count.
/// </summary>
public static class SharedCapacity
{
    /// <summary>
    /// Offered load in Erlangs of agent time: the busier window's arrivals per hour times the workload of a contact
    /// (AHT over the concurrency, so three chats at once weigh as one call). Zero without an AHT.
    /// </summary>
    public static double Load(QueueStaffing staffing) =>
        staffing.AhtSeconds is { } aht ? LiveStaffing.Busiest(staffing).ArrivalsPerHour * aht / staffing.Concurrency / 3600 : 0;

    /// <summary>The share of one agent's time each of <paramref name="queues"/> gets; the shares add up to 1.</summary>
    public static Dictionary<string, double> Shares(IReadOnlyCollection<string> queues, IReadOnlyDictionary<string, double> loads)
    {
        var distinct = Distinct(queues, new List<string>(queues.Count));
        var total = TotalLoad(distinct, loads);
        var shares = new Dictionary<string, double>(distinct.Count, StringComparer.Ordinal);
        foreach (var queue in distinct)
        {
            shares[queue] = Share(queue, distinct.Count, total, loads);
        }

        return shares;
    }

    /// <summary>
    /// Effective agents per queue over the agents logged in, each given by the queues they serve. The breach
    /// forecaster computes this every five seconds over every agent (10,000 in a large room), so it adds each agent's
    /// shares in place rather than through <see cref="Shares"/>'s dictionary.
    /// </summary>
    public static Dictionary<string, double> Effective(IEnumerable<IReadOnlyCollection<string>> agentsQueues, IReadOnlyDictionary<string, double> loads)
    {
        var effective = new Dictionary<string, double>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (var queues in agentsQueues)
        {
            Distinct(queues, distinct);
            var total = TotalLoad(distinct, loads);
            foreach (var queue in distinct)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(effective, queue, out _) += Share(queue, distinct.Count, total, loads);
            }
        }

        return effective;
    }

    /// <summary>One queue's share of an agent serving <paramref name="count"/> queues of <paramref name="total"/> load.</summary>
    private static double Share(string queue, int count, double total, IReadOnlyDictionary<string, double> loads) =>
        total > 0 ? Math.Max(0, loads.GetValueOrDefault(queue)) / total : 1.0 / count;

    private static double TotalLoad(List<string> queues, IReadOnlyDictionary<string, double> loads)
    {
        var total = 0.0;
        foreach (var queue in queues)
        {
            total += Math.Max(0, loads.GetValueOrDefault(queue));
        }

        return total;
    }

    /// <summary>The queues once each, in order, into <paramref name="into"/> (an agent serves a handful: a scan beats a set).</summary>
    private static List<string> Distinct(IReadOnlyCollection<string> queues, List<string> into)
    {
        into.Clear();
        foreach (var queue in queues)
        {
            if (!into.Contains(queue, StringComparer.Ordinal))
            {
                into.Add(queue);
            }
        }

        return into;
    }
}
