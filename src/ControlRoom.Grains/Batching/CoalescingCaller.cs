namespace ControlRoom.Grains.Batching;

/// <summary>
/// One call in flight per target, one per silo: items for a target that arrive while its call is under way go together
/// in the next call. 10,000 agents signing in then cost a few calls per queue, and a few to the directory, instead of
/// one each. An item's task completes when the call that carried it has returned, so its sender still knows the target
/// holds it (journaled or written) before it answers; a failed call fails every item it carried.
/// </summary>
public sealed class CoalescingCaller<TItem>(Func<string, IReadOnlyList<TItem>, Task> call)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Pending> targets = new(StringComparer.Ordinal);

    public Task Send(string target, TItem item)
    {
        lock (gate)
        {
            if (!targets.TryGetValue(target, out var pending))
            {
                pending = new Pending();
                targets[target] = pending;
            }

            pending.Items.Add(item);
            pending.Done ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!pending.Sending)
            {
                // Sent from the thread pool, after this turn: items sent meanwhile join the first call.
                pending.Sending = true;
                _ = Task.Run(() => CallAsync(target, pending));
            }

            return pending.Done.Task;
        }
    }

    private async Task CallAsync(string target, Pending pending)
    {
        while (true)
        {
            List<TItem> items;
            TaskCompletionSource done;
            lock (gate)
            {
                if (pending.Items.Count == 0)
                {
                    pending.Sending = false;
                    targets.Remove(target);
                    return;
                }

                (items, done) = (pending.Items, pending.Done!);
                pending.Items = [];
                pending.Done = null;
            }

            try
            {
                await call(target, items);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }

    private sealed class Pending
    {
        public List<TItem> Items { get; set; } = [];

        public TaskCompletionSource? Done { get; set; }

        public bool Sending { get; set; }
    }
}
