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

    /// <summary>
    /// Awaits a journal append that a grain issued in its turn. If the append fails, the grain is told to reload
    /// (<paramref name="reload"/>: deactivate) and the call fails too: a timed-out append may have landed, so the
    /// activation no longer knows its journal's head.
    /// </summary>
    public static async Task AwaitOrReload(Task durable, Action reload)
    {
        try
        {
            await durable;
        }
        catch
        {
            reload();
            throw;
        }
    }
}
