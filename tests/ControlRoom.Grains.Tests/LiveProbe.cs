using System.Threading.Channels;
using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Grains;
using ControlRoom.Contracts.Queues;

namespace ControlRoom.Grains.Tests;

/// <summary>A real grain observer (an object reference on the cluster client) that hands each push to the test.</summary>
public sealed class LiveProbe : ILiveObserver
{
    private readonly Channel<Deviation> deviations = Channel.CreateUnbounded<Deviation>();
    private readonly Channel<QueueSnapshot> updates = Channel.CreateUnbounded<QueueSnapshot>();

    public Task QueueUpdated(QueueSnapshot snapshot) => updates.Writer.WriteAsync(snapshot).AsTask();

    public Task DeviationRaised(Deviation deviation) => deviations.Writer.WriteAsync(deviation).AsTask();

    public Task QueueAdded(string queueId) => Task.CompletedTask;

    public Task AgentAdded(string agentId) => Task.CompletedTask;

    public Task AgentUpdated(AgentSnapshot snapshot) => Task.CompletedTask;

    public Task ForecastChanged(Deviation forecast) => Task.CompletedTask;

    public Task<Deviation> NextDeviationAsync(Func<Deviation, bool> match) => NextAsync(deviations.Reader, match);

    public Task<QueueSnapshot> NextUpdateAsync(Func<QueueSnapshot, bool> match) => NextAsync(updates.Reader, match);

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
}
