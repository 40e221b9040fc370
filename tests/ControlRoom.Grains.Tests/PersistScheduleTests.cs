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
        var writes = 0;
        Task Write()
        {
            writes++;
            return Task.CompletedTask;
        }

        schedule.Changed();
        await schedule.SaveIfDueAsync(Write);
        clock.Advance(Interval);
        await schedule.SaveIfDueAsync(Write);
        await schedule.SaveIfDueAsync(Write);

        writes.Should().Be(1, "nothing is written before the interval, and a write clears the change");
        schedule.Unsaved.Should().BeFalse();
    }

    [Fact]
    public async Task SlowWrite_SpacesTheNextOneTwentyTimesItsDuration()
    {
        var clock = new FakeTimeProvider();
        var schedule = new PersistSchedule(clock, Interval);
        var writes = 0;
        Task SlowWrite()
        {
            writes++;
            clock.Advance(TimeSpan.FromSeconds(1)); // a large state takes a second to serialize
            return Task.CompletedTask;
        }

        schedule.Changed();
        clock.Advance(Interval);
        await schedule.SaveIfDueAsync(SlowWrite);
        schedule.Changed();
        clock.Advance(TimeSpan.FromSeconds(18)); // 19 s after the last write started
        await schedule.SaveIfDueAsync(SlowWrite);
        var beforeSpacing = writes;
        clock.Advance(TimeSpan.FromSeconds(1));
        await schedule.SaveIfDueAsync(SlowWrite);

        beforeSpacing.Should().Be(1);
        writes.Should().Be(2);
    }

    [Fact]
    public async Task UnchangedState_IsNeverWritten()
    {
        var clock = new FakeTimeProvider();
        var schedule = new PersistSchedule(clock, Interval);
        var writes = 0;

        clock.Advance(TimeSpan.FromMinutes(1));
        await schedule.SaveIfDueAsync(() => Task.FromResult(writes++));

        writes.Should().Be(0);
    }
}
