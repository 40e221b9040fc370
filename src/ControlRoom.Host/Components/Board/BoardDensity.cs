namespace ControlRoom.Host.Components.Board;

/// <summary>How many tiles fit a screen: large for a few queues on a far wall, compact for many.</summary>
public enum BoardDensity
{
    Large,
    Normal,
    Compact,
}
