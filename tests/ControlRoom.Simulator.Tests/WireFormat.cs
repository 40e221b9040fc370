using System.Globalization;
using System.Text.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator.Tests;

/// <summary>The simulator's events as a source would send them on the wire (contract §1 spelling).</summary>
internal static class WireFormat
{
    public static IncomingEvent ToWire(ContactEvent e) => new()
    {
        EventId = e.EventId,
        Type = e.Type.ToWire(),
        OccurredAt = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        InteractionId = e.InteractionId,
        QueueId = e.QueueId,
        Channel = e.Channel?.ToWire(),
        AgentId = e.AgentId,
        ToQueueId = e.ToQueueId,
        State = e.State?.ToWire(),
        Reason = e.Reason,
        FirstContact = e.FirstContact,
        Csat = e.Csat,
        Nps = e.Nps,
        Priority = e.Priority,
        CustomerId = e.CustomerId,
        Attributes = e.Attributes?.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        QueueIds = e.QueueIds?.ToList(),
    };

    /// <summary>One line that changes whenever any field of the event does, for comparing runs.</summary>
    public static string Describe(ContactEvent e) => JsonSerializer.Serialize(ToWire(e));
}
