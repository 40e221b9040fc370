using ControlRoom.Grains.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Grains.Tests;

public sealed class PersistScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ChangedState_IsWrittenOncePerInterval()
    {
        var clock = new FakeTimeProvider();
        var schedule = new PersistSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero);

        schedule.Changed();
        await schedule.SaveIfDueAsync(store.Write);
        clock.Advance(Interval);
        await schedule.SaveIfDueAsync(store.Write);
        await schedule.SaveIfDueAsync(store.Write);

        store.Writes.Should().Be(1, "nothing is written before the interval, and a write clears the change");
        schedule.Unsaved.Should().BeFalse();
    }

    [Fact]
    public async Task SlowWrite_SpacesTheNextOneTwentyTimesItsDuration()
    {
        var clock = new FakeTimeProvider();
        var schedule = new PersistSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.FromSeconds(1)); // a large state takes a second to serialize

        schedule.Changed();
        clock.Advance(Interval);
        await schedule.SaveIfDueAsync(store.Write);
        schedule.Changed();
        clock.Advance(TimeSpan.FromSeconds(18)); // 19 s after the last write started
        await schedule.SaveIfDueAsync(store.Write);
        var beforeSpacing = store.Writes;
        clock.Advance(TimeSpan.FromSeconds(1));
        await schedule.SaveIfDueAsync(store.Write);

        beforeSpacing.Should().Be(1);
        store.Writes.Should().Be(2);
    }

    [Fact]
    public async Task UnchangedState_IsNeverWritten()
    {
        var clock = new FakeTimeProvider();
        var schedule = new PersistSchedule(clock, Interval);
        var store = new Store(clock, TimeSpan.Zero);

        clock.Advance(TimeSpan.FromMinutes(1));
        await schedule.SaveIfDueAsync(store.Write);

        store.Writes.Should().Be(0);
    }

    /// <summary>Counts writes; each takes <paramref name="duration"/> on the fake clock.</summary>
    private sealed class Store(FakeTimeProvider clock, TimeSpan duration)
    {
        public int Writes { get; private set; }

        public Task Write()
        {
            Writes++;
            clock.Advance(duration);
            return Task.CompletedTask;
        }
    }
}
