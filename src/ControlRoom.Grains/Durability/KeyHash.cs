using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ControlRoom.Grains.Durability;

/// <summary>
/// A string's hash that is the same in every process and on every node (string.GetHashCode is not): what routes an
/// event to its log partition and gives a grain its snapshot phase.
/// </summary>
public static class KeyHash
{
    public static uint Of(string key) => XxHash32.HashToUInt32(MemoryMarshal.AsBytes(key.AsSpan()));
}
