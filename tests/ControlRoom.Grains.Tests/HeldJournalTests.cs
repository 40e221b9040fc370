using System.Diagnostics.Metrics;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Interactions;
using ControlRoom.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Grains.Tests.Events;

namespace ControlRoom.Grains.Tests;

/// <summary>
/// A cluster whose store holds the journal appends of one queue until the test lets them through, in the order they
/// were issued, or fails them all.
/// </summary>
public sealed class HeldJournalCluster : ClusterFixture
{
    private readonly Lock holdLock = new();
    private Held? held;
    private string? queue; // the queue last held, whose appends keep their order after the release

    /// <summary>Holds the journal appends of <paramref name="queue"/> from now on; the semaphore counts those that began.</summary>
    public SemaphoreSlim Hold(string queue)
    {
        var began = new SemaphoreSlim(0);
        lock (holdLock)
        {
            held = new Held(began, new(TaskCreationOptions.RunContinuationsAsynchronously));
            this.queue = queue;
        }

        return began;
    }

    /// <summary>Stops holding: the held appends go through (or fail with <paramref name="failure"/>), and later ones are not held.</summary>
    public void Release(Exception? failure = null)
    {
        lock (holdLock)
        {
            held?.Gate.TrySetResult(failure);
            held = null;
        }
    }

    public override async Task DisposeAsync()
    {
        Release(); // a held append would keep the silos' shutdown waiting for it
        await base.DisposeAsync();
    }

    protected override IEventStore Silos(SqliteEventStore store) => new Holder(store, this);

    private sealed class Holder(IEventStore inner, HeldJournalCluster cluster) : DelegatingEventStore(inner)
    {
        private static readonly Task<Exception?> Open = Task.FromResult<Exception?>(null);

        // The queue's appends, chained: released together, the held ones still reach the store in the order they were
        // issued, and those issued after the release behind them (a grain fences each append on the one before, so an
        // append overtaking its predecessor would conflict).
        private Task previous = Task.CompletedTask;

        public override Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
        {
            lock (cluster.holdLock)
            {
                if (cluster.queue is not { } queue || !appends.Any(a => a.Stream == StoreKeys.Journal("queue", queue)))
                {
                    return base.AppendAsync(appends, cancellationToken);
                }

                var append = HeldAsync(cluster.held?.Gate.Task ?? Open, previous, appends, cancellationToken);
                previous = append;
                cluster.held?.Began.Release();
                return append;
            }
        }

        private async Task<long[]> HeldAsync(Task<Exception?> gate, Task before, IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
        {
            var failure = await gate;
            await Task.WhenAny(before); // its outcome is its own caller's
            if (failure is not null)
            {
                throw failure;
            }

            return await base.AppendAsync(appends, cancellationToken);
        }
    }

    private sealed record Held(SemaphoreSlim Began, TaskCompletionSource<Exception?> Gate);
}

/// <summary>
/// Every request reaches a busy queue once per shard. A queue that waited for each call's journal commit before taking
/// the next made a request wait for as many commits one after another (16 on the embedded default), and the store's
/// writer commit as often; the calls interleave, so their appends are issued together and commit together.
/// </summary>
public sealed class HeldJournalTests(HeldJournalCluster fixture) : IClassFixture<HeldJournalCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task QueueWhoseJournalAppendIsHeld_IssuesTheOtherShardsAppendsMeanwhile()
    {
        const string queue = "held-journal-queue";
        var (events, ingest) = await IngestWhileTwoAppendsAreHeld(queue);
        fixture.Release();

        var result = await ingest.WaitAsync(Deadline);
        result.Accepted.Should().Be(events.Count);
        var snapshot = await fixture.Client.GetGrain<IQueueGrain>(queue).GetSnapshot();
        snapshot!.Waiting.Should().Be(events.Count);
    }

    [Fact]
    public async Task HeldAppendsThatFail_FailTheirCalls_AndTheRetriedRequestCountsEachContactOnce()
    {
        const string queue = "failed-journal-queue";
        var (events, ingest) = await IngestWhileTwoAppendsAreHeld(queue);
        fixture.Release(new StoreUnavailableException("The store failed this commit."));

        // In the log, not applied: the queue applied those legs in memory as it issued the appends, so it drops its
        // memory and reloads from its journal, which holds none of them.
        await ingest.Invoking(i => i.WaitAsync(Deadline)).Should().ThrowAsync<LoggedNotAppliedException>();

        // The source sends the same request again until it is answered; every contact counts once.
        var deadline = DateTime.UtcNow + Deadline;
        IngestResult? retried = null;
        while (retried is null)
        {
            try
            {
                retried = await fixture.Ingestor.IngestAsync(events).WaitAsync(Deadline);
            }
            catch (LoggedNotAppliedException) when (DateTime.UtcNow < deadline)
            {
                // The queue's old activation is still on its way out.
            }
        }

        (retried.Value.Accepted + retried.Value.Duplicates).Should().Be(events.Count);
        var snapshot = await fixture.Client.GetGrain<IQueueGrain>(queue).GetSnapshot();
        snapshot!.Waiting.Should().Be(events.Count);
    }

    [Fact]
    public async Task ShardsCallsThatCommitTogether_AreJudgedOnce()
    {
        const string queue = "judged-once-queue";
        var now = fixture.Clock.GetUtcNow();
        var events = Enumerable.Range(1, 20).Select(i => Offered($"{queue}-{i}", queue, now)).ToList();
        var calls = events.Select(e => EventRouter.PartitionOf(e, ClusterFixture.Shards)).Distinct().Count();
        calls.Should().BeGreaterThan(1);
        await fixture.Client.GetGrain<IQueueGrain>(queue).GetSettings(); // activated before anything is counted
        var began = fixture.Hold(queue);
        var ingest = fixture.Ingestor.IngestAsync(events);
        for (var call = 0; call < calls; call++)
        {
            (await began.WaitAsync(Deadline)).Should().BeTrue("every shard's call applies its legs and issues its append");
        }

        using var judgements = new Judgements(fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IMeterFactory>()));
        fixture.Release();
        await ingest.WaitAsync(Deadline);

        judgements.Count.Should().Be(1, "the call that resumed first judged the legs all {0} calls had applied", calls);
        (await fixture.Client.GetGrain<IQueueGrain>(queue).GetSnapshot())!.Waiting.Should().Be(events.Count);
    }

    /// <summary>Counts the silos' judgements of a queue's rules (one measurement each).</summary>
    private sealed class Judgements : IDisposable
    {
        private readonly MeterListener listener = new();
        private int count;

        public Judgements(IEnumerable<IMeterFactory> silos)
        {
            var scopes = silos.ToHashSet();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "controlroom.rules.evaluations" && instrument.Meter.Scope is IMeterFactory scope && scopes.Contains(scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref count));
            listener.Start();
        }

        public int Count => Volatile.Read(ref count);

        public void Dispose() => listener.Dispose();
    }

    /// <summary>
    /// Ingests contacts offered on the queue, whose interactions fall on several shards, and returns once two of the
    /// shards' calls have each issued their journal append while the queue's appends are held.
    /// </summary>
    private async Task<(List<ContactEvent> Events, Task<IngestResult> Ingest)> IngestWhileTwoAppendsAreHeld(string queue)
    {
        var now = fixture.Clock.GetUtcNow();
        var events = Enumerable.Range(1, 20).Select(i => Offered($"{queue}-{i}", queue, now)).ToList();
        events.Select(e => EventRouter.PartitionOf(e, ClusterFixture.Shards)).Distinct().Count().Should().BeGreaterThan(1);
        var began = fixture.Hold(queue);

        var ingest = fixture.Ingestor.IngestAsync(events);
        (await began.WaitAsync(Deadline)).Should().BeTrue("the first shard's call appends to the queue's journal");
        (await began.WaitAsync(Deadline)).Should().BeTrue("another shard's call appends while the first append is still held");
        return (events, ingest);
    }
}
