using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Tests.Queues;

/// <summary>
/// A queue keeps its day's and rolling window's figures between changes instead of summing them on every read. Kept
/// figures must be exactly what a sum finds: after any change, any pruning, and as the clock crosses minutes and days.
/// </summary>
public class WindowFiguresTests
{
    private const string Queue = "billing";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 21, 0, 0, TimeSpan.Zero); // 22:00 in Rome

    /// <param name="furthestBack">
    /// How far before now a contact may be offered: a quarter of an hour keeps most changes in the newest intervals; six
    /// hours changes intervals summed long before, which the kept sum of the day's earlier intervals must notice.
    /// </param>
    [Theory]
    [InlineData(11, 900)]
    [InlineData(12, 6 * 3600)]
    public void TodayAndRolling_KeptBetweenReads_AreThoseOfAStateThatNeverKeptThem(int seed, int furthestBack)
    {
        var random = new Random(seed);
        var queue = new QueueLiveState { Settings = new QueueSettings() };
        var steps = new List<Action<QueueLiveState>>();
        var legs = new Dictionary<string, LegFact>();
        var now = Start;
        for (var step = 0; step < 400; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(0, 240));
            var at = now;
            if (random.Next(0, 30) == 0)
            {
                steps.Add(q => q.Prune(at));
            }
            else
            {
                var id = $"c{random.Next(0, 80)}";
                legs.TryGetValue(id, out var old);
                var offered = old?.OfferedAt ?? now.AddSeconds(-random.Next(0, furthestBack));
                var leg = new LegFact(id, 0, Queue, Channel.Voice, offered);
                var next = random.Next(0, 4) switch
                {
                    0 => leg with { Outcome = LegOutcome.Answered, OutcomeAt = offered.AddSeconds(15), AnsweredAt = offered.AddSeconds(15), AgentId = "a1" },
                    1 => leg with { Outcome = LegOutcome.Abandoned, OutcomeAt = offered.AddSeconds(40) },
                    _ => leg,
                };
                legs[id] = next;
                var change = new LegChange(old, next);
                steps.Add(q => q.Apply(change, at));
            }

            steps[^1](queue);
            var kept = queue.Snapshot(Queue, now);

            var summed = new QueueLiveState { Settings = new QueueSettings() };
            steps.ForEach(s => s(summed));
            var fresh = summed.Snapshot(Queue, now);
            kept.Today.Should().Be(fresh.Today, "step {0}", step);
            kept.Rolling30m.Should().Be(fresh.Rolling30m, "step {0}", step);
        }
    }
}
