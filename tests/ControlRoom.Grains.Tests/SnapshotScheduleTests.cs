using ControlRoom.Grains.Durability;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Grains.Tests;

public sealed class SnapshotScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ChangedState_IsWrittenOncePerInterval()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero);

        schedule.Changed();
        await SaveIfDueAsync(schedule, store);
        clock.Advance(Interval);
        await SaveIfDueAsync(schedule, store);
        await SaveIfDueAsync(schedule, store);

        store.Writes.Should().Be(1, "nothing is written before the interval, and a write clears the change");
        schedule.Unsaved.Should().BeFalse();
    }

    [Fact]
    public async Task FirstWrite_WaitsTheIntervalPlusTheGrainsPhase()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval, phase: TimeSpan.FromSeconds(3));
        var store = new Store(clock, TimeSpan.Zero);

        schedule.Changed();
        clock.Advance(Interval);
        await SaveIfDueAsync(schedule, store);
        var atInterval = store.Writes;
        clock.Advance(TimeSpan.FromSeconds(3));
        await SaveIfDueAsync(schedule, store);

        atInterval.Should().Be(0);
        store.Writes.Should().Be(1);
    }

    [Fact]
    public void Phases_OfARoomsQueues_SpreadOverTheInterval()
    {
        var phases = Enumerable.Range(0, 1_000).Select(q => SnapshotSchedule.PhaseOf($"state/queue/q{q:0000}", Interval)).ToList();

        phases.Should().OnlyContain(p => p >= TimeSpan.Zero && p < Interval);
        phases.GroupBy(p => (int)(p / TimeSpan.FromSeconds(1))).Should().HaveCount(5)
            .And.OnlyContain(second => second.Count() > 150, "each second of the interval takes about a fifth of the queues");
        SnapshotSchedule.PhaseOf("state/queue/q0001", Interval).Should().Be(phases[1], "a grain keeps its phase across activations");
    }

    [Fact]
    public async Task SlowWrite_SpacesTheNextOneTwentyTimesItsDuration()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.FromSeconds(1)); // a large state takes a second to serialize

        schedule.Changed();
        clock.Advance(Interval);
        await SaveIfDueAsync(schedule, store);
        schedule.Changed();
        clock.Advance(TimeSpan.FromSeconds(18)); // 19 s after the last write started
        await SaveIfDueAsync(schedule, store);
        var beforeSpacing = store.Writes;
        clock.Advance(TimeSpan.FromSeconds(1));
        await SaveIfDueAsync(schedule, store);

        beforeSpacing.Should().Be(1);
        store.Writes.Should().Be(2);
    }

    [Fact]
    public async Task UnchangedState_IsNeverWritten()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero);

        clock.Advance(TimeSpan.FromMinutes(1));
        await SaveIfDueAsync(schedule, store);

        store.Writes.Should().Be(0);
    }

    [Fact]
    public async Task FailedWrite_StaysUnsaved_AndIsRetriedWithDoublingBackoff_UntilItSucceeds()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero) { FailuresLeft = 3 };
        schedule.Changed();
        clock.Advance(Interval);

        var attempts = new List<TimeSpan>();
        var started = clock.GetUtcNow();
        for (var second = 0; second < 120 && schedule.Unsaved; second++)
        {
            try
            {
                if (await SaveIfDueAsync(schedule, store))
                {
                    attempts.Add(clock.GetUtcNow() - started);
                }
            }
            catch (StoreUnavailableException)
            {
                attempts.Add(clock.GetUtcNow() - started);
                schedule.Unsaved.Should().BeTrue("nothing is marked saved before a write succeeds");
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        schedule.Unsaved.Should().BeFalse();
        store.Writes.Should().Be(1);
        attempts.Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(70));
        schedule.Failures.Should().Be(0);
    }

    [Fact]
    public async Task ChangeDuringFailedWrite_IsStillUnsavedAfterALaterSuccess_OnlyIfMadeAfterIt()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero);
        schedule.Changed();

        await SaveNowAsync(schedule, store);
        schedule.Changed();

        schedule.Unsaved.Should().BeTrue("a change after the write is not in it");
    }

    [Fact]
    public async Task JournaledChanges_WantASnapshot_OnlyOnceTheyWeighAsMuchAsTheLastOne()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval) { SnapshotBytes = 1_000 };
        var store = new Store(clock, TimeSpan.Zero);

        schedule.Journaled(400, SnapshotSchedule.MinJournalEntries);
        schedule.Journaled(400);
        clock.Advance(Interval * 10);
        var early = await SaveIfDueAsync(schedule, store);
        schedule.Journaled(200);
        var due = await SaveIfDueAsync(schedule, store);

        (early, schedule.Pending, due).Should().Be((false, false, true), "800 journaled bytes are less than the 1,000-byte snapshot; 1,000 are not");
        schedule.Unsaved.Should().BeFalse();
        store.Writes.Should().Be(1);
    }

    [Fact]
    public async Task JournaledChanges_OfASmallState_WantASnapshot_OnlyOnceAFewDozenAreJournaled()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval) { SnapshotBytes = 300 };
        var store = new Store(clock, TimeSpan.Zero);

        for (var i = 1; i < SnapshotSchedule.MinJournalEntries; i++)
        {
            schedule.Journaled(200);
        }

        clock.Advance(Interval * 10);
        var early = await SaveIfDueAsync(schedule, store);
        schedule.Journaled(200);
        var due = await SaveIfDueAsync(schedule, store);
        schedule.Journaled(200);
        clock.Advance(Interval * 10);
        var after = await SaveIfDueAsync(schedule, store);

        (early, due, after).Should().Be((false, true, false),
            "a journal heavier than the snapshot still waits for its 32nd entry, and the count starts again after the write");
        store.Writes.Should().Be(1);
        schedule.Unsaved.Should().BeTrue("the entry after the write is in the journal only");
    }

    [Fact]
    public void EntriesWanted_OfARoomsAgents_SpreadBetweenOneAndTwoTimesTheMinimum()
    {
        var counts = Enumerable.Range(0, 10_000).Select(a => SnapshotSchedule.EntriesOf($"state/agent/a{a:00000}")).ToList();

        counts.Should().OnlyContain(c => c >= SnapshotSchedule.MinJournalEntries && c < 2 * SnapshotSchedule.MinJournalEntries);
        counts.GroupBy(c => c).Should().HaveCount(SnapshotSchedule.MinJournalEntries)
            .And.OnlyContain(count => count.Count() > 200, "agents fed at the same pace reach their counts in different seconds");
        SnapshotSchedule.EntriesOf("state/agent/a00001").Should().Be(counts[1], "a grain keeps its count across activations");
    }

    [Fact]
    public async Task ChangeOnlyASnapshotKeeps_IsWrittenByTime_HoweverLargeTheLastSnapshot()
    {
        var clock = new FakeTimeProvider();
        var schedule = new SnapshotSchedule(clock, Interval) { SnapshotBytes = 1_000_000 };
        var store = new Store(clock, TimeSpan.Zero);

        schedule.Journaled(10);
        schedule.Changed();
        clock.Advance(Interval);
        await SaveIfDueAsync(schedule, store);
        schedule.Journaled(10);
        clock.Advance(Interval);
        await SaveIfDueAsync(schedule, store);

        store.Writes.Should().Be(1, "the rules' state is only in the snapshot; the next 10 journaled bytes are not worth one");
        (schedule.Unsaved, schedule.Pending).Should().Be((true, false));
    }

    /// <summary>Writes when a change is pending and the spacing (or back-off) has passed, awaited in place; false when nothing was due.</summary>
    private static async Task<bool> SaveIfDueAsync(SnapshotSchedule schedule, Store store)
    {
        if (!schedule.IsDue)
        {
            return false;
        }

        await SaveNowAsync(schedule, store);
        return true;
    }

    /// <summary>Writes at once, as a grain begins a write and later takes its outcome. A failure is rethrown.</summary>
    private static async Task SaveNowAsync(SnapshotSchedule schedule, Store store)
    {
        var attempt = schedule.Begin();
        try
        {
            await store.Write();
        }
        catch
        {
            schedule.Failed();
            throw;
        }

        schedule.Succeeded(attempt, store.Clock.GetElapsedTime(attempt.StartedAt));
    }

    /// <summary>A store that fails its first writes as an unreachable one does; each write takes <paramref name="duration"/>.</summary>
    private sealed class Store(FakeTimeProvider clock, TimeSpan duration)
    {
        public FakeTimeProvider Clock => clock;

        public int Writes { get; private set; }

        public int FailuresLeft { get; set; }

        public Task Write()
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new StoreUnavailableException("down");
            }

            Writes++;
            clock.Advance(duration);
            return Task.CompletedTask;
        }
    }
}
