using ControlRoom.Contracts.Agents;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Interactions;
using ControlRoom.Domain.Queues;
using ControlRoom.Domain.Staffing;

namespace ControlRoom.Domain.Tests.Staffing;

/// <summary>Chat, messaging and social agents hold several contacts at once; the staffing maths counts it.</summary>
public sealed class ConcurrencyTests
{
    /// <summary>Half way through an interval, chats arriving steadily since 9:45: the two intervals before and this one all see 48 an hour.</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 37, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 45, 30, TimeSpan.Zero);

    [Fact]
    public void IssueCase_SixAgentsOnTwentyFourTenMinuteChats_AtThreeEach_ForecastNoBreachAndNoShortfall()
    {
        // 6 agents, 24 chats of 10 minutes in 30 minutes, each answered in 4 s, concurrency 3: nobody waits, and
        // the room showed "short by 7", predicted service level 0 % and a predicted breach.
        var outlook = Outlook(Chats(agentFor: i => $"a{(i % 6) + 1}"), maxConcurrentContacts: 3);

        var observed = outlook.Snapshot.Rolling30m.ServiceLevel;
        observed.Should().Be(100);
        outlook.Staffing.Concurrency.Should().Be(3);
        outlook.Staffing.ConcurrencySource.Should().Be(ConcurrencySource.Configured);
        outlook.Staffing.AgentsNeeded.Should().Be(5);
        outlook.Staffing.Gap.Should().Be(1);
        outlook.Staffing.PredictedServiceLevel.Should().BeGreaterThan(90, "near the observed 100 %");
        outlook.Forecast.Breach.Should().BeFalse();
        outlook.Forecast.Points.Should().OnlyContain(p => p.ServiceLevel > 90);
    }

    [Fact]
    public void IssueCase_WithoutAConfiguredConcurrency_UsesWhatTheAgentsAreSeenToHold()
    {
        // The same chats given three at a time to each agent in turn: every agent is seen holding three at once.
        var outlook = Outlook(Chats(agentFor: i => $"a{(i / 3 % 6) + 1}"), maxConcurrentContacts: null);

        outlook.Snapshot.ObservedConcurrency.Should().Be(3);
        outlook.Staffing.Concurrency.Should().Be(3);
        outlook.Staffing.ConcurrencySource.Should().Be(ConcurrencySource.Observed);
        outlook.Staffing.Gap.Should().BeGreaterThanOrEqualTo(0);
        outlook.Forecast.Breach.Should().BeFalse();
    }

    [Fact]
    public void AsOneAtATime_TheSameChatsWouldBeShort_WhichIsWhatTheRoomShowed()
    {
        var outlook = Outlook(Chats(agentFor: i => $"a{(i % 6) + 1}"), maxConcurrentContacts: 1);

        outlook.Staffing.AgentsNeeded.Should().Be(12, "8 Erlangs of ten-minute chats, one at a time");
        outlook.Staffing.Gap.Should().Be(-6, "the room showed -5 on a half hour of 23 chats");
        outlook.Staffing.PredictedServiceLevel.Should().Be(0);
        outlook.Forecast.Breach.Should().BeTrue();
    }

    [Fact]
    public void Forecast_CountsAgentsAsThePlannerDoes()
    {
        // Two agents serve the chat and a voice queue: the forecast uses their shares, not the head count.
        var outlook = Outlook(Chats(agentFor: i => $"a{(i % 6) + 1}"), maxConcurrentContacts: 3, alsoVoice: true);

        outlook.Forecast.EffectiveAgents.Should().Be(outlook.Staffing.EffectiveAgents);
        outlook.Staffing.EffectiveAgents.Should().BeLessThan(outlook.Staffing.AgentsStaffed);
        var (serviceLevel, _) = LiveStaffing.Predict(outlook.Staffing, outlook.Forecast.Points[0].ArrivalsPerHour, outlook.Staffing.EffectiveAgents);
        outlook.Forecast.Points[0].ServiceLevel.Should().Be(serviceLevel);
    }

    [Theory]
    [InlineData(Channel.Voice, 3, 1, ConcurrencySource.OneAtATime)]
    [InlineData(Channel.Email, null, 1, ConcurrencySource.OneAtATime)]
    [InlineData(Channel.Chat, 2, 2, ConcurrencySource.Configured)]
    [InlineData(Channel.Chat, null, 3, ConcurrencySource.ChannelDefault)]
    [InlineData(Channel.Messaging, null, 4, ConcurrencySource.ChannelDefault)]
    [InlineData(Channel.Social, null, 4, ConcurrencySource.ChannelDefault)]
    public void Of_ConfiguredElseObservedElseTheChannelsUsualFigure(Channel channel, int? configured, double expected, ConcurrencySource source)
    {
        var snapshot = new QueueSnapshot("q", Now, Severity.Ok, 0, 0, AgentCounts.None, new KpiFigures(), new KpiFigures(), [])
        {
            Channel = channel,
            MaxConcurrentContacts = configured,
        };

        Concurrency.Of(snapshot).Should().Be(new QueueConcurrency(expected, source));
    }

    [Fact]
    public void Observe_IsTheMedianOfEachAgentsPeak_SoOneStuckAgentDoesNotCount()
    {
        var held = new List<(string, DateTimeOffset, DateTimeOffset?)>
        {
            // a: two at once; b: two at once; c: one at a time; d: six, one of them never ended.
            ("a", Start, Start.AddMinutes(10)), ("a", Start.AddMinutes(5), Start.AddMinutes(15)),
            ("b", Start, Start.AddMinutes(10)), ("b", Start.AddMinutes(9), null),
            ("c", Start, Start.AddMinutes(5)), ("c", Start.AddMinutes(5), Start.AddMinutes(9)),
        };
        held.AddRange(Enumerable.Range(0, 6).Select(i => ("d", Start.AddMinutes(i), (DateTimeOffset?)null)));

        var observed = Concurrency.Observe(held, Start, Start + Concurrency.ObservationWindow);
        var shuffled = Concurrency.Observe(Enumerable.Reverse(held), Start, Start + Concurrency.ObservationWindow);

        observed.Should().Be(2, "peaks 2, 2, 1 and 6: c's second chat began as the first ended, and d is one agent");
        shuffled.Should().Be(observed);
        Concurrency.Observe([], Start, Now).Should().BeNull();
    }

    private sealed record IssueOutlook(QueueSnapshot Snapshot, QueueStaffing Staffing, QueueForecast Forecast);

    /// <summary>A chat every 75 s up to now (24 in the last half hour), each answered 4 s after it is offered and ended 10 minutes later.</summary>
    private static List<ContactEvent> Chats(Func<int, string> agentFor)
    {
        var events = new List<ContactEvent>();
        for (var i = 0; Start.AddSeconds(i * 75) < Now; i++)
        {
            var offered = Start.AddSeconds(i * 75);
            var id = $"chat-{i}";
            events.Add(new ContactEvent($"{id}-o", EventType.InteractionOffered, offered) { InteractionId = id, QueueId = "chat", Channel = Channel.Chat });
            events.Add(new ContactEvent($"{id}-a", EventType.InteractionAnswered, offered.AddSeconds(4)) { InteractionId = id, AgentId = agentFor(i) });
            if (offered.AddSeconds(604) <= Now)
            {
                events.Add(new ContactEvent($"{id}-e", EventType.InteractionEnded, offered.AddSeconds(604)) { InteractionId = id, AgentId = agentFor(i) });
            }
        }

        return events;
    }

    /// <summary>The chats through the interaction book into the queue's state, and the queue's outlook now with six agents.</summary>
    private static IssueOutlook Outlook(List<ContactEvent> events, int? maxConcurrentContacts, bool alsoVoice = false)
    {
        var queue = new QueueLiveState { Settings = new QueueSettings { MaxConcurrentContacts = maxConcurrentContacts } };
        var book = new InteractionBook();
        var staged = book.Stage(events, Now);
        foreach (var change in staged.Changes)
        {
            queue.Apply(change, Now);
        }

        book.Commit(staged);
        for (var a = 1; a <= 6; a++)
        {
            queue.SetAgent($"a{a}", new AgentPresence($"a{a}", AgentState.Busy, Start));
        }

        var snapshot = queue.Snapshot("chat", Now);
        var readings = new List<QueueReading> { new(snapshot, queue.GetIntervals(BreachForecast.HistoryWindow(Now).From, BreachForecast.HistoryWindow(Now).To)) };
        var agents = Enumerable.Range(1, 6).Select(a => (IReadOnlyCollection<string>)(alsoVoice && a <= 2 ? ["chat", "voice"] : ["chat"])).ToList();
        if (alsoVoice)
        {
            var voice = new QueueSnapshot("voice", Now, Severity.Ok, 0, 0, new AgentCounts(2, 2, 0, 0, 0), new KpiFigures { Aht = 300 },
                new KpiFigures { Offered = 10, Aht = 300 }, []) { Channel = Channel.Voice, ServiceLevelTarget = 80, ServiceLevelThresholdSeconds = 20 };
            readings.Add(new QueueReading(voice, []));
        }

        var outlook = StaffingPicture.Of(readings, agents).For("chat")!;
        snapshot.Rolling30m.Offered.Should().Be(24, "the issue's 24 chats in 30 minutes");
        outlook.Forecast.Points.Should().OnlyContain(p => Math.Abs(p.ArrivalsPerHour - 48) < 1, "a steady 48 an hour");
        return new IssueOutlook(snapshot, outlook.Staffing, outlook.Forecast);
    }
}
