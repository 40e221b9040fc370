using ControlRoom.Host.Live;

namespace ControlRoom.Host.Tests.Live;

public class LocalConnectionsTests
{
    [Fact]
    public void Followers_FollowEverySubscriptionChange_ThoughTheyAreComputedOnce()
    {
        var local = new LocalConnections();
        local.In("queue:a", "queue:*").Should().BeEmpty();

        local.Add("queue:a", "c1");
        local.Add("queue:*", "c2");
        local.Add("queue:b", "c3");
        local.In("queue:a", "queue:*").Should().BeEquivalentTo(["c1", "c2"]);

        local.Remove("queue:a", "c1");
        local.In("queue:a", "queue:*").Should().Equal("c2");

        local.RemoveEverywhere("c2");
        local.In("queue:a", "queue:*").Should().BeEmpty();
        local.In("queue:b", "queue:*").Should().Equal("c3");
    }

    [Fact]
    public void Followers_AnswerContains_AsTheListTheyAre()
    {
        var local = new LocalConnections();
        foreach (var i in Enumerable.Range(0, 200))
        {
            local.Add("queue:*", $"c{i}");
        }

        var followers = local.In("queue:a", "queue:*");

        followers.Should().HaveCount(200);
        followers.Contains("c199").Should().BeTrue(); // SignalR asks this of every connection it has
        followers.Contains("c200").Should().BeFalse();
        followers.Should().BeAssignableTo<ICollection<string>>("Enumerable.Contains then uses the set, not a linear search");
    }
}
