namespace ControlRoom.Host.Components.Board;

/// <summary>Wall board settings (<c>ControlRoom:Board</c>).</summary>
public sealed class BoardOptions
{
    /// <summary>How long each page of a board with more queues than one screen holds stays up, in seconds.</summary>
    public int PageSeconds { get; set; } = 15;

    public TimeSpan PageInterval => TimeSpan.FromSeconds(Math.Clamp(PageSeconds, 2, 3600));
}
