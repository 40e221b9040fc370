using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Grains.Tests;

public sealed class ClusterFailuresTests
{
    [Fact]
    public void AnActivationCancelledByTheRuntime_IsTransient()
    {
        ClusterFailures.IsTransient(new TaskCanceledException()).Should().BeTrue("the next call activates the grain again");
        ClusterFailures.IsTransient(new InvalidOperationException("wrapped", new TaskCanceledException())).Should().BeTrue();
    }

    [Fact]
    public void TheCallersOwnCancellation_IsNotTransient()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        ClusterFailures.IsTransient(new OperationCanceledException(aborted.Token), aborted.Token).Should().BeFalse();
        ClusterFailures.IsTransient(new InvalidOperationException("a bug")).Should().BeFalse();
    }

    [Fact]
    public async Task ACallWhoseGrainActivationWasCancelled_IsMadeAgain()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var firstFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var result = ClusterFailures.RetryWhileHealingAsync(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstFailed.SetResult();
                return Task.FromException<string>(new TaskCanceledException("Activation was cancelled by the runtime."));
            }

            return Task.FromResult("the room");
        }, clock);

        await firstFailed.Task;
        for (var step = 0; step < 100 && !result.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100)); // the back-off, on the fake clock
            await Task.Yield();
        }

        (await result).Should().Be("the room");
        calls.Should().Be(2);
    }

    [Fact]
    public async Task ACallStillWaitingWhenTheClusterShouldHaveHealed_EndsThen()
    {
        var clock = new FakeTimeProvider();
        var never = new TaskCompletionSource<string>();

        var result = ClusterFailures.RetryWhileHealingAsync(() => never.Task, clock);
        clock.Advance(ClusterFailures.HealingTime);

        await result.Invoking(t => t).Should().ThrowAsync<TimeoutException>("a caller with a fallback must get it at the deadline, not after the call's own 30 s");
    }
}
