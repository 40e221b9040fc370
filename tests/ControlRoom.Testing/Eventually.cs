namespace ControlRoom.Testing;

/// <summary>Polling with a deadline, for the outermost edge only (a browser, a second process) where no signal exists.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {last}");
            }

            await Task.Delay(50);
            last = await probe();
        }

        return last;
    }
}
