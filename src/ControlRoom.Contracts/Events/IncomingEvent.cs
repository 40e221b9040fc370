namespace ControlRoom.Contracts.Events;

/// <summary>
/// An event as a source sent it, before validation: every field optional and loosely typed, so one bad
/// field is reported with the others instead of failing the whole document.
/// </summary>
public sealed class IncomingEvent
{
    public string? EventId { get; set; }
    public string? Type { get; set; }
    public string? OccurredAt { get; set; }
    public string? InteractionId { get; set; }
    public string? QueueId { get; set; }
    public string? Channel { get; set; }
    public string? AgentId { get; set; }
    public string? ToQueueId { get; set; }
    public string? State { get; set; }
    public string? Reason { get; set; }
    public bool? FirstContact { get; set; }
    public int? Csat { get; set; }
    public int? Nps { get; set; }
    public int? Priority { get; set; }
    public string? CustomerId { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
    public List<string>? QueueIds { get; set; }
    public double? RingSeconds { get; set; }
}
