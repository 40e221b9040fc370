using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;

namespace ControlRoom.Host.Api;

/// <summary>
/// Whether a queue or an agent exists, answered from this node's copy of the directory, so a read of an unknown
/// id is a 404 that activates no grain: asking a queue grain itself would create it (and its memory and timers) for
/// every id anyone types. Ids once known stay known (the directory only grows). A miss waits for a directory read
/// that starts after the miss arrived, so an id made known by a request that has already been answered is never
/// reported unknown; misses arriving together share one read, and reads are spaced by
/// <see cref="MinimumReadInterval"/>, so a flood of unknown ids costs the directory a few reads a second.
/// </summary>
public sealed class KnownIds(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MinimumReadInterval = TimeSpan.FromMilliseconds(100);

    private readonly KnownSet queues = new(() => grains.GetGrain<IDirectoryGrain>(0).GetQueues(), clock);
    private readonly KnownSet agents = new(() => grains.GetGrain<IDirectoryGrain>(0).GetAgents(), clock);

    public async Task<bool> IsQueueAsync(string queueId, CancellationToken cancellationToken = default) =>
        (await queues.UnknownAsync([queueId], cancellationToken)).Count == 0;

    public async Task<bool> IsAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        (await agents.UnknownAsync([agentId], cancellationToken)).Count == 0;

    /// <summary>Of <paramref name="agentIds"/>, the ones no event has named (one directory read at most, for all of them).</summary>
    public Task<IReadOnlyList<string>> UnknownAgentsAsync(IReadOnlyList<string> agentIds, CancellationToken cancellationToken = default) =>
        agents.UnknownAsync(agentIds, cancellationToken);

    /// <summary>One kind of id: the ids last read, and the read that misses are waiting for.</summary>
    private sealed class KnownSet(Func<Task<IReadOnlyList<string>>> read, TimeProvider clock)
    {
        private readonly Lock gate = new();
        private HashSet<string> known = new(StringComparer.Ordinal);
        private TaskCompletionSource? queued;
        private Task previous = Task.CompletedTask;
        private long lastReadStarted;
        private bool hasRead;

        public async Task<IReadOnlyList<string>> UnknownAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            // A malformed id can never have been named by an event: it is unknown without a directory read.
            var missing = ids.Where(id => !Volatile.Read(ref known).Contains(id)).ToList();
            if (missing.Count == 0 || !missing.Any(EventValidator.IsValidKey))
            {
                return missing;
            }

            await NextRead().WaitAsync(cancellationToken);
            var current = Volatile.Read(ref known);
            return [.. missing.Where(id => !current.Contains(id))];
        }

        /// <summary>The read that has not started yet (every miss arriving now joins it), queued after the one running.</summary>
        private Task NextRead()
        {
            lock (gate)
            {
                if (queued is { } waiting)
                {
                    return waiting.Task;
                }

                var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                queued = next;
                var before = previous;
                previous = next.Task;
                _ = ReadAfter(before, next);
                return next.Task;
            }
        }

        private async Task ReadAfter(Task before, TaskCompletionSource next)
        {
            try
            {
                await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                TimeSpan wait;
                lock (gate)
                {
                    wait = hasRead ? MinimumReadInterval - clock.GetElapsedTime(lastReadStarted) : TimeSpan.Zero;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock);
                }

                lock (gate)
                {
                    // From here on a new miss may have arrived after this read started: it queues the next one.
                    queued = null;
                    lastReadStarted = clock.GetTimestamp();
                    hasRead = true;
                }

                var ids = await read();
                Volatile.Write(ref known, new HashSet<string>(ids, StringComparer.Ordinal));
                next.SetResult();
            }
            catch (Exception ex)
            {
                lock (gate)
                {
                    if (queued == next)
                    {
                        queued = null;
                    }
                }

                next.SetException(ex);
            }
        }
    }
}
