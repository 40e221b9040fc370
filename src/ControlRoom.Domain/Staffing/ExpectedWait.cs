using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Staffing;

/// <summary>The wait announced to a contact joining a queue now (IVR and chat), and how it was reached.</summary>
public sealed record WaitEstimate(string QueueId, DateTimeOffset AsOf, double? ExpectedWaitSeconds, int Position, int Agents, double? AhtSeconds, string Method)
{
    /// <summary>Contacts one agent handles at once, as the queue's staffing reads it.</summary>
    public double Concurrency { get; init; } = 1;
}

/// <summary>
/// Expected wait for a contact joining now: the Erlang C conditional wait given the queue position. With every
/// serving agent's every slot taken, slots free up one after another at rate N × concurrency / AHT (exponential
/// handle times), so a contact with <c>waiting</c> others ahead waits on average (waiting + 1) × workload / N, the
/// workload being AHT over the concurrency — the same reading of the queue as its staffing and forecast. This uses
/// the live position rather than the long-run ASA, which averages over the contacts that never waited and reacts
/// too late to a backlog.
/// </summary>
public static class ExpectedWait
{
    public const string Method = "erlang-c-conditional: (waiting + 1) × AHT / concurrency / serving agents when every slot is taken; 0 with a slot free and nobody ahead";

    /// <param name="snapshot">The queue now.</param>
    /// <param name="staffing">Its staffing (<see cref="LiveStaffing.Assess"/> of the same snapshot): AHT and concurrency.</param>
    public static WaitEstimate Estimate(QueueSnapshot snapshot, QueueStaffing staffing)
    {
        var agents = snapshot.Agents;
        var serving = agents.Available + agents.Busy + agents.Wrapup; // away agents take no contact now
        var position = snapshot.Waiting + 1;
        // A free agent, or on a concurrent queue a busy agent below the concurrency, takes the next contact at once.
        var slotFree = agents.Available > 0 || (staffing.Concurrency > 1 && snapshot.InProgress < agents.Busy * staffing.Concurrency);
        double? wait = slotFree && snapshot.Waiting == 0 ? 0
            : serving == 0 || staffing.AhtSeconds is not { } aht ? null
            : LiveStaffing.Round(position * aht / staffing.Concurrency / serving);
        return new WaitEstimate(snapshot.QueueId, snapshot.AsOf, wait, position, serving, staffing.AhtSeconds, Method) { Concurrency = staffing.Concurrency };
    }
}
