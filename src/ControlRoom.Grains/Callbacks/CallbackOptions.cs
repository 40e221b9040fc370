namespace ControlRoom.Grains.Callbacks;

/// <summary>The abandoned-call worklist (configuration section <c>Callbacks</c>).</summary>
public sealed class CallbackOptions
{
    public const string Section = "Callbacks";

    /// <summary>An abandon closes by itself when the same customer is answered (any queue) within this time after it.</summary>
    public TimeSpan AutoCloseWindow { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long closed entries stay on the list (and in reports), from their abandon.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);

    public bool IsValid => AutoCloseWindow > TimeSpan.Zero && AutoCloseWindow <= TimeSpan.FromDays(7)
        && Retention >= TimeSpan.FromDays(1) && Retention <= TimeSpan.FromDays(366);
}
