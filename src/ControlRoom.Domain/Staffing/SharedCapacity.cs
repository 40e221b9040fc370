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
        var distinct = queues.Distinct(StringComparer.Ordinal).ToList();
        var total = distinct.Sum(q => Math.Max(0, loads.GetValueOrDefault(q)));
        return distinct.ToDictionary(
            q => q,
            q => total > 0 ? Math.Max(0, loads.GetValueOrDefault(q)) / total : 1.0 / distinct.Count,
            StringComparer.Ordinal);
    }

    /// <summary>Effective agents per queue over the agents logged in, each given by the queues they serve.</summary>
    public static Dictionary<string, double> Effective(IEnumerable<IReadOnlyCollection<string>> agentsQueues, IReadOnlyDictionary<string, double> loads)
    {
        var effective = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var queues in agentsQueues)
        {
            foreach (var (queue, share) in Shares(queues, loads))
            {
                effective[queue] = effective.GetValueOrDefault(queue) + share;
            }
        }

        return effective;
    }
}
