using ControlRoom.Host.Live;

namespace ControlRoom.Host.Tests.Live;

public class LatestByKeyTests
{
    [Fact]
    public void Take_GivesEachPendingKeysLatestValue_OnceAndInTheOrderTheyBecamePending()
    {
        var pending = new LatestByKey<string>();
        pending.Put("q1", "q1 first");
        pending.Put("q2", "q2 first");
        pending.Put("q1", "q1 second");

        pending.Take().Should().Equal("q1 second", "q2 first");
        pending.Take().Should().BeEmpty("a round takes what it gives");
    }

    [Fact]
    public void Take_LeavesAKeyPutAgainDuringTheRound_ForTheNextRound()
    {
        var pending = new LatestByKey<string>();
        pending.Put("q1", "q1 first");
        pending.Put("q2", "q2 first");

        var round = new List<string>();
        foreach (var value in pending.Take())
        {
            round.Add(value);
            pending.Put("q1", $"{value} then q1 again"); // updates keep coming while a round is sent
        }

        round.Should().Equal("q1 first", "q2 first");
        pending.Take().Should().Equal(new[] { "q2 first then q1 again" }, "the key is pending once, with its latest value");
    }

    [Fact]
    public void Put_FromManyThreads_LosesNoKeysLatestValue()
    {
        var pending = new LatestByKey<string>();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                pending.Put($"agent-{i % 100}", $"agent-{i % 100}, put {i} by {worker}");
            }
        });

        var taken = pending.Take().ToList();

        taken.Should().HaveCount(100, "every key put is pending once after the writers are done");
        taken.Select(v => v[..v.IndexOf(',', StringComparison.Ordinal)]).Should().OnlyHaveUniqueItems();
        taken.Should().OnlyContain(v => v.Contains(", put 49", StringComparison.Ordinal), "each key's last put is one of the writers' last round");
    }
}
