using ControlRoom.Grains.Batching;

namespace ControlRoom.Grains.Tests;

public sealed class CoalescingCallerTests
{
    [Fact]
    public async Task ItemsSentWhileACallIsInFlight_GoTogetherInTheNextCall()
    {
        var target = new RecordingTarget();
        var caller = new CoalescingCaller<int>(target.Call);

        var first = caller.Send("queue-a", 1);
        var firstCall = await target.NextCallAsync();
        var later = Enumerable.Range(2, 50).Select(i => caller.Send("queue-a", i)).ToList();

        first.IsCompleted.Should().BeFalse("an item is done only when the call carrying it has returned");
        firstCall.Answer.SetResult();
        await first;
        var secondCall = await target.NextCallAsync();
        secondCall.Items.Should().Equal(Enumerable.Range(2, 50), "everything sent meanwhile waits for one call, in order");
        later.Should().OnlyContain(t => !t.IsCompleted);

        secondCall.Answer.SetResult();
        await Task.WhenAll(later);
        target.Calls.Should().Be(2);
    }

    [Fact]
    public async Task AFailedCall_FailsEveryItemItCarried_AndTheNextItemIsSentAgain()
    {
        var target = new RecordingTarget();
        var caller = new CoalescingCaller<int>(target.Call);

        var carried = caller.Send("queue-a", 1);
        (await target.NextCallAsync()).Answer.SetException(new InvalidOperationException("the queue's silo died"));

        await carried.Invoking(t => t).Should().ThrowAsync<InvalidOperationException>();
        var retried = caller.Send("queue-a", 1);
        (await target.NextCallAsync()).Answer.SetResult();
        await retried;
    }

    [Fact]
    public async Task Targets_AreCalledIndependently()
    {
        var target = new RecordingTarget();
        var caller = new CoalescingCaller<int>(target.Call);

        var a = caller.Send("queue-a", 1);
        var b = caller.Send("queue-b", 2);
        var calls = new[] { await target.NextCallAsync(), await target.NextCallAsync() };

        calls.Select(c => c.Target).Should().BeEquivalentTo(["queue-a", "queue-b"], "a slow queue does not hold up another");
        foreach (var call in calls)
        {
            call.Answer.SetResult();
        }

        await Task.WhenAll(a, b);
    }

    /// <summary>A target whose every call waits for the test to answer it.</summary>
    private sealed class RecordingTarget
    {
        private readonly System.Threading.Channels.Channel<Call> calls = System.Threading.Channels.Channel.CreateUnbounded<Call>();
        private int count;

        public int Calls => count;

        public Task Call(string target, IReadOnlyList<int> items)
        {
            Interlocked.Increment(ref count);
            var call = new Call(target, [.. items], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            calls.Writer.TryWrite(call);
            return call.Answer.Task;
        }

        public async Task<Call> NextCallAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await calls.Reader.ReadAsync(deadline.Token);
        }
    }

    private sealed record Call(string Target, IReadOnlyList<int> Items, TaskCompletionSource Answer);
}
