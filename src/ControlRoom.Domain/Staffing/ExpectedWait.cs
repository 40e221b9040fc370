using ControlRoom.Contracts.Queues;

namespace ControlRoom.Domain.Staffing;

/// <summary>The wait announced to a contact joining a queue now (IVR and chat), and how it was reached.</summary>
public sealed record WaitEstimate(string QueueId, DateTimeOffset AsOf, double? ExpectedWaitSeconds, int Position, int Agents, double? AhtSeconds, string Method);

/// <summary>
/// Expected wait for a contact joining now: the Erlang C conditional wait given the queue position. With every
/// serving agent busy, agents free up one after another at rate N/AHT (exponential handle times), so a contact
/// with <c>waiting</c> others ahead waits on average (waiting + 1) × AHT / N. This uses the live position rather
/// than the long-run ASA, which averages over the contacts that never waited and reacts too late to a backlog.
/// </summary>
public static class ExpectedWait
{
    public const string Method = "erlang-c-conditional: (waiting + 1) × AHT / serving agents when all are busy; 0 with an agent free and nobody ahead";

    public static WaitEstimate Estimate(QueueSnapshot snapshot, double? fallbackAhtSeconds = null)
    {
        var aht = snapshot.Rolling30m.Aht ?? snapshot.Today.Aht ?? fallbackAhtSeconds;
        var agents = snapshot.Agents;
        var serving = agents.Available + agents.Busy + agents.Wrapup; // away agents take no contact now
        var position = snapshot.Waiting + 1;
        double? wait = agents.Available > 0 && snapshot.Waiting == 0 ? 0
            : serving == 0 || aht is null ? null
            : LiveStaffing.Round(position * aht.Value / serving);
        return new WaitEstimate(snapshot.QueueId, snapshot.AsOf, wait, position, serving, aht, Method);
    }
}
