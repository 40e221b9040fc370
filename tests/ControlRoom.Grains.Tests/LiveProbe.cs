using System.Threading.Channels;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Grains.Tests;

/// <summary>
/// A real live node (an object reference on the cluster client, joined to the list of live nodes) that hands each
/// push to the test. <see cref="Hold"/> keeps the next batch (of a kind) waiting, as a slow node would, until released.
/// </summary>
public sealed class LiveProbe
{
    private readonly Channel<Deviation> deviations = Channel.CreateUnbounded<Deviation>();
    private readonly Channel<QueueSnapshot> updates = Channel.CreateUnbounded<QueueSnapshot>();
    private readonly Channel<IReadOnlyList<LiveChange>> batches = Channel.CreateUnbounded<IReadOnlyList<LiveChange>>();
    private readonly Node node;
    private TaskCompletionSource? hold;
    private Func<IReadOnlyList<LiveChange>, bool> holdWhich = _ => false;
    private TaskCompletionSource? held;
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveProbe(IClusterClient client)
    {
        node = new Node(this);
        Reference = client.CreateObjectReference<ILiveObserver>(node);
    }

    public ILiveObserver Reference { get; }

    /// <summary>Joins the list of live nodes: every silo's publisher sends to this probe before this returns.</summary>
    public static async Task<LiveProbe> JoinAsync(IClusterClient client)
    {
        var probe = new LiveProbe(client);
        await client.GetGrain<ILiveNodesGrain>(0).Join(probe.Reference);
        return probe;
    }

    public Task LeaveAsync(IClusterClient client) => client.GetGrain<ILiveNodesGrain>(0).Leave(Reference);

    /// <summary>The next batch that <paramref name="which"/> picks waits, and its lane of the publisher with it, until <see cref="Release"/>.</summary>
    public void Hold(Func<IReadOnlyList<LiveChange>, bool> which)
    {
        holdWhich = which;
        hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes when a batch is being held.</summary>
    public Task Holding => holding.Task;

    public void Release() => held?.TrySetResult();

    public Task<Deviation> NextDeviationAsync(Func<Deviation, bool> match) => NextAsync(deviations.Reader, match);

    public Task<QueueSnapshot> NextUpdateAsync(Func<QueueSnapshot, bool> match) => NextAsync(updates.Reader, match);

    public Task<IReadOnlyList<LiveChange>> NextBatchAsync(Func<IReadOnlyList<LiveChange>, bool> match) => NextAsync(batches.Reader, match);

    private async Task Received(IReadOnlyList<LiveChange> changes)
    {
        if (holdWhich(changes) && Interlocked.Exchange(ref hold, null) is { } gate)
        {
            held = gate;
            holding.TrySetResult();
            await gate.Task;
        }

        await batches.Writer.WriteAsync(changes);
        foreach (var change in changes)
        {
            if (change.Deviation is { } deviation)
            {
                await deviations.Writer.WriteAsync(deviation);
            }

            if (change.Queue is { } snapshot)
            {
                await updates.Writer.WriteAsync(snapshot);
            }
        }
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> reader, Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var item in reader.ReadAllAsync(timeout.Token))
        {
            if (match(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    private sealed class Node(LiveProbe probe) : ILiveObserver
    {
        public Task Changed(IReadOnlyList<LiveChange> changes) => probe.Received(changes);
    }
}
