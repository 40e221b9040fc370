using Orleans.Serialization;

namespace ControlRoom.Grains.Durability;

public static class StoreFailures
{
    /// <summary>
    /// Whether a failure comes down to the store being unreachable, however it travelled: Orleans wraps storage
    /// failures in its own exception, and a grain call may carry it across nodes.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException
                || (e is UnavailableExceptionFallbackException fallback && fallback.ExceptionType?.EndsWith(nameof(StoreUnavailableException), StringComparison.Ordinal) == true))
            {
                return true;
            }
        }

        return false;
    }
}
