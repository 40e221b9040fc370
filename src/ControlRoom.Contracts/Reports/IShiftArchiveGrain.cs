namespace ControlRoom.Contracts.Reports;

/// <summary>A queue as it stood at a shift's end: contacts still waiting or open, and the oldest of them.</summary>
[GenerateSerializer, Immutable, Alias("cr.QueueAtShiftEnd")]
public sealed record QueueAtShiftEnd(
    [property: Id(0)] int Open,
    [property: Id(1)] double? OldestOpenSeconds);

/// <summary>
/// What only the moment of a shift's end can know (key 0): each queue's open contacts then, recorded once per shift
/// occurrence, and who delivers its report, so a room of several nodes delivers it once.
/// </summary>
[Alias("cr.IShiftArchiveGrain")]
public interface IShiftArchiveGrain : IGrainWithIntegerKey
{
    /// <summary>Records the end of one occurrence; true for the first caller only, which then delivers the report.</summary>
    [Alias("RecordEnd")]
    Task<bool> RecordEnd(string occurrence, IReadOnlyDictionary<string, QueueAtShiftEnd> queues);

    [Alias("GetEnd")]
    Task<IReadOnlyDictionary<string, QueueAtShiftEnd>?> GetEnd(string occurrence);
}
