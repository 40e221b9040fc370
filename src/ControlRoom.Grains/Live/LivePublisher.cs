using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;
using Microsoft.Extensions.Logging;

namespace ControlRoom.Grains.Live;

/// <summary>
/// The silo's one route for live changes, as GPSTracker's push notifier: grains hand their snapshots, deviations and
/// forecasts here (a call in memory, never a wait on the network) and each host node gets them in batches, one batch
/// in flight per node and lane. While a batch is on its way the next one gathers; a newer snapshot of a queue or agent
/// takes the place of a waiting one, deviations and forecasts are all kept, in order. Deviations and forecasts have a
/// lane of their own, so an alert never waits behind a batch of snapshots on its way (as the node's hub sends them by
/// a sender of their own); a deviation may therefore reach a node before a snapshot taken earlier. A failed batch goes
/// back in front and is sent again, at once the first time and then once a second. The nodes come from
/// <see cref="ILiveNodesGrain"/>, which tells this publisher of a new node before the node's join returns.
/// </summary>
public sealed partial class LivePublisher : ILiveNodesWatcher, IDisposable
{
    /// <summary>A node that takes nothing for this many changes keeps only the newest snapshots (deviations are shed).</summary>
    public const int MaxWaiting = 100_000;

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>The list forgets a publisher it has not heard from for five minutes: watch again well before.</summary>
    private static readonly TimeSpan Rewatch = TimeSpan.FromMinutes(1);

    private readonly IGrainFactory grains;
    private readonly TimeProvider clock;
    private readonly ILogger<LivePublisher> logger;
    private readonly Lock gate = new();
    private readonly Dictionary<ILiveObserver, Lanes> outboxes = [];
    private readonly ITimer rewatch;
    private Waiting? early = new();
    private Guid epoch;
    private long version = -1;
    private ILiveNodesWatcher? self;
    private int watching;

    public LivePublisher(IGrainFactory grains, TimeProvider clock, ILogger<LivePublisher> logger)
    {
        this.grains = grains;
        this.clock = clock;
        this.logger = logger;
        rewatch = clock.CreateTimer(_ => StartWatch(), null, Rewatch, Rewatch);
    }

    public void Queue(QueueSnapshot snapshot) => Publish(new LiveChange { Queue = snapshot }, new Key(Kind.Queue, snapshot.QueueId));

    public void Agent(AgentSnapshot snapshot) => Publish(new LiveChange { Agent = snapshot }, new Key(Kind.Agent, snapshot.AgentId));

    public void Deviation(Deviation deviation) => Publish(new LiveChange { Deviation = deviation }, null);

    public void Forecast(Deviation forecast) => Publish(new LiveChange { Forecast = forecast }, null);

    Task ILiveNodesWatcher.NodesChanged(LiveNodes nodes)
    {
        Apply(nodes);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        rewatch.Dispose();
        lock (gate)
        {
            foreach (var lanes in outboxes.Values)
            {
                lanes.Close();
            }

            outboxes.Clear();
        }

        if (self is not null)
        {
            grains.DeleteObjectReference<ILiveNodesWatcher>(self);
        }
    }

    private void Publish(LiveChange change, Key? key)
    {
        bool first;
        lock (gate)
        {
            if (early is { } waiting)
            {
                // The nodes are not known yet: keep the changes for the first list, which every node on it gets.
                waiting.Add(change, key);
                first = true;
            }
            else
            {
                foreach (var lanes in outboxes.Values)
                {
                    lanes.Add(change, key);
                }

                first = false;
            }
        }

        if (first)
        {
            StartWatch();
        }
    }

    private void StartWatch()
    {
        if (Interlocked.Exchange(ref watching, 1) == 0)
        {
            _ = Task.Run(WatchAsync);
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            self ??= grains.CreateObjectReference<ILiveNodesWatcher>(this);
            Apply(await grains.GetGrain<ILiveNodesGrain>(0).Watch(self));
        }
        catch (Exception ex)
        {
            LogWatchFailed(ex);
            if (early is not null)
            {
                // Changes are waiting for the first list: try again soon rather than at the next minute.
                await Task.Delay(RetryAfterFailure, clock);
                Volatile.Write(ref watching, 0);
                StartWatch();
                return;
            }
        }

        Volatile.Write(ref watching, 0);
    }

    private void Apply(LiveNodes nodes)
    {
        lock (gate)
        {
            if (nodes.Epoch == epoch && nodes.Version <= version)
            {
                return; // an older list than the one applied (answers and announcements may cross)
            }

            epoch = nodes.Epoch;
            version = nodes.Version;
            var listed = nodes.Nodes.ToHashSet();
            foreach (var gone in outboxes.Keys.Where(n => !listed.Contains(n)).ToList())
            {
                outboxes.Remove(gone, out var lanes);
                lanes!.Close();
            }

            foreach (var node in listed.Where(n => !outboxes.ContainsKey(n)))
            {
                var lanes = new Lanes(new Outbox(this, node), new Outbox(this, node));
                outboxes[node] = lanes;
                early?.CopyTo(lanes);
            }

            early = null;
        }
    }

    private enum Kind : byte
    {
        Queue,
        Agent,
    }

    /// <summary>What a snapshot replaces when it is newer: the same queue's or agent's waiting snapshot.</summary>
    private readonly record struct Key(Kind Kind, string Id);

    /// <summary>Changes waiting to be sent, in order, with the place of each waiting snapshot.</summary>
    private sealed class Waiting
    {
        private readonly Dictionary<Key, int> places = [];

        public List<LiveChange> Changes { get; private set; } = [];

        public int Shed { get; private set; }

        public void Add(LiveChange change, Key? key)
        {
            if (key is { } k)
            {
                if (places.TryGetValue(k, out var place))
                {
                    Changes[place] = change;
                    return;
                }

                places[k] = Changes.Count;
            }
            else if (Changes.Count >= MaxWaiting)
            {
                Shed++;
                return; // nothing taken for this long: the snapshots carry the state, the deviations are history
            }

            Changes.Add(change);
        }

        public List<LiveChange> Take()
        {
            var taken = Changes;
            Changes = [];
            places.Clear();
            Shed = 0;
            return taken;
        }

        /// <summary>A batch that did not arrive goes back in front, less the snapshots a newer one has replaced since.</summary>
        public void PutBack(List<LiveChange> batch)
        {
            var shed = Shed;
            var later = Take();
            var replaced = later.Select(KeyOf).OfType<Key>().ToHashSet();
            foreach (var change in batch)
            {
                if (KeyOf(change) is not { } key || !replaced.Contains(key))
                {
                    Add(change, KeyOf(change));
                }
            }

            foreach (var change in later)
            {
                Add(change, KeyOf(change));
            }

            Shed += shed;
        }

        public void CopyTo(Lanes lanes)
        {
            foreach (var change in Changes)
            {
                lanes.Add(change, KeyOf(change));
            }
        }

        private static Key? KeyOf(LiveChange change) => change switch
        {
            { Queue: { } queue } => new Key(Kind.Queue, queue.QueueId),
            { Agent: { } agent } => new Key(Kind.Agent, agent.AgentId),
            _ => null,
        };
    }

    /// <summary>One node's two lanes: snapshots (a newer one replaces a waiting one), and deviations and forecasts.</summary>
    private sealed record Lanes(Outbox Snapshots, Outbox Alerts)
    {
        /// <summary>Called under the publisher's lock.</summary>
        public void Add(LiveChange change, Key? key) => (key is null ? Alerts : Snapshots).Add(change, key);

        /// <summary>Called under the publisher's lock.</summary>
        public void Close()
        {
            Snapshots.Close();
            Alerts.Close();
        }
    }

    /// <summary>One node's changes in one lane: one batch in flight, the next gathering.</summary>
    private sealed class Outbox(LivePublisher owner, ILiveObserver node)
    {
        private readonly Waiting waiting = new();
        private bool sending;
        private bool closed;

        /// <summary>Called under the publisher's lock.</summary>
        public void Add(LiveChange change, Key? key)
        {
            if (closed)
            {
                return;
            }

            waiting.Add(change, key);
            if (!sending)
            {
                sending = true;
                _ = Task.Run(SendAsync);
            }
        }

        /// <summary>Called under the publisher's lock.</summary>
        public void Close() => closed = true;

        private async Task SendAsync()
        {
            var failures = 0;
            while (true)
            {
                List<LiveChange> batch;
                int shed;
                lock (owner.gate)
                {
                    if (closed || waiting.Changes.Count == 0)
                    {
                        sending = false;
                        return;
                    }

                    shed = waiting.Shed;
                    batch = waiting.Take();
                }

                if (shed > 0)
                {
                    owner.LogShed(node, shed);
                }

                try
                {
                    await node.Changed(batch);
                    if (failures > 0)
                    {
                        owner.LogSendRecovered(node, failures);
                        failures = 0;
                    }
                }
                catch (Exception ex)
                {
                    if (failures == 0)
                    {
                        // Once per spell: a node whose host died is retried every second until the list drops it.
                        owner.LogSendFailed(ex, node, batch.Count);
                    }

                    lock (owner.gate)
                    {
                        waiting.PutBack(batch);
                    }

                    // A batch that timed out (5 s) is sent again at once; a node that keeps failing is tried once a second.
                    if (++failures > 1)
                    {
                        await Task.Delay(RetryAfterFailure, owner.clock);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the live nodes; trying again")]
    private partial void LogWatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live changes for node {Node} not delivered ({Count}); sending them again until it takes them or leaves the list")]
    private partial void LogSendFailed(Exception exception, ILiveObserver node, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live changes reach node {Node} again after {Failures} failed sends")]
    private partial void LogSendRecovered(ILiveObserver node, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} took nothing for 100,000 changes: {Count} deviations were shed, its snapshots kept")]
    private partial void LogShed(ILiveObserver node, int count);
}
