namespace ControlRoom.Contracts.Queues;

/// <summary>
/// What the staffing maths reads of one queue, in one call: its snapshot, its 15-minute intervals of the forecast's
/// history window, and the agents serving it who are logged in (away included). The picture of every queue is built
/// from these alone, so reading it costs one call per queue rather than one per queue and one per agent.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.StaffingInput")]
public sealed record StaffingInput(
    [property: Id(0)] QueueSnapshot Snapshot,
    [property: Id(1)] IReadOnlyList<IntervalFigures> Intervals,
    [property: Id(2)] IReadOnlyList<string> LoggedIn);
