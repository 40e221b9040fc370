namespace ControlRoom.Grains.Hosting;

public static class StorageNames
{
    /// <summary>The grain storage every ControlRoom grain persists to (memory by default, Redis when configured).</summary>
    public const string State = "controlroom";
}
