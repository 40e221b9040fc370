using ControlRoom.Contracts.Agents;
using Presence = ControlRoom.Contracts.Events.AgentState;
using ControlRoom.Host.Agents;
using ControlRoom.Host.Components.Board;
using ControlRoom.Host.Live;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Live;

/// <summary>Issue 15 item 2: one live cache per node; the boards and the agents view read it and keep no copy of their own.</summary>
public sealed class NodeCacheTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AgentsView_ReadsTheNodesCache_AndItsResyncSendsTheHubClientsNothingUnchanged()
    {
        var feed = host.Services.GetRequiredService<LiveFeed>();
        var roster = host.Services.GetRequiredService<AgentRoster>();
        var pushed = Heard(feed, "nc-agent", Presence.Available);
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(AgentState("nc-agent", "available", DateTimeOffset.UtcNow, "nc-queue"));
        var snapshot = await pushed.WaitAsync(Patience);

        await roster.EnsureLoadedAsync();
        var shown = Shown(roster);
        shown.AsOf.Should().BeOnOrAfter(snapshot.AsOf);
        feed.Agents.Should().Contain(a => ReferenceEquals(a, shown), "the view pages the node's cache, not a copy of it");

        var announced = 0;
        void Count(AgentSnapshot _) => Interlocked.Increment(ref announced);
        feed.AgentChanged += Count;
        try
        {
            await roster.ReloadAsync();
        }
        finally
        {
            feed.AgentChanged -= Count;
        }

        announced.Should().Be(0, "a view's resync reads every agent afresh; nothing changed, so nothing is pushed to the node's hub clients");
        var reread = Shown(roster);
        reread.Should().NotBeSameAs(shown, "the resync read the agent afresh from its grain");
        reread.AsOf.Should().BeOnOrAfter(shown.AsOf);
        feed.Agents.Should().Contain(a => ReferenceEquals(a, reread), "the resync refreshed the node's cache itself");
    }

    [Fact]
    public async Task BoardTiles_ReadTheNodesCache()
    {
        var feed = host.Services.GetRequiredService<LiveFeed>();
        var live = host.Services.GetRequiredService<ILiveQueues>();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = live.Watch("nc-board-queue", s =>
        {
            if (s.Waiting == 1)
            {
                changed.TrySetResult();
            }
        });
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("nc-contact", "nc-board-queue", DateTimeOffset.UtcNow.AddSeconds(-1)));
        await changed.Task.WaitAsync(Patience);

        live.Get("nc-board-queue").Should().BeSameAs(feed.Queue("nc-board-queue"));
        live.All.Should().Contain(q => ReferenceEquals(q, feed.Queue("nc-board-queue")));
    }

    private static AgentSnapshot Shown(AgentRoster roster) =>
        roster.Query(new AgentQuery { Queues = new HashSet<string>(["nc-queue"], StringComparer.Ordinal) }).Items.Should().ContainSingle().Subject;

    private static Task<AgentSnapshot> Heard(LiveFeed feed, string agentId, Presence state)
    {
        var heard = new TaskCompletionSource<AgentSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(AgentSnapshot s)
        {
            if (s.AgentId == agentId && s.State == state && heard.TrySetResult(s))
            {
                feed.AgentChanged -= OnChanged;
            }
        }

        feed.AgentChanged += OnChanged;
        return heard.Task;
    }
}
