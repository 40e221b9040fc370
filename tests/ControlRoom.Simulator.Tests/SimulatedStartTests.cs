using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using Xunit.Abstractions;

namespace ControlRoom.Simulator.Tests;

/// <summary>
/// Rooms started as the embedded host starts one, at a few hours of a Monday in a normal period (no surge): last
/// week's same day played whole and closed, then the last eight hours, all ingested at once at start; then ten
/// minutes of live traffic judged by the default rules every second. Built once, since it is the expensive part.
/// </summary>
public sealed class SimulatedStarts
{
    public static readonly int[] Hours = [3, 10, 12, 18];

    public static readonly TimeSpan FirstMinutes = TimeSpan.FromMinutes(10);

    public SimulatedStarts()
    {
        foreach (var hour in Hours)
        {
            var now = new DateTimeOffset(2026, 11, 23, hour, 0, 0, TimeSpan.FromHours(1));
            var start = SimulatedStart.Plan(new SimulatorOptions { SurgeEvery = TimeSpan.Zero }, now, SimulatedStart.DefaultHistory, referenceDay: true);
            var replay = new DomainReplay();
            var events = new List<ContactEvent>(start.ReferenceDay());
            replay.Apply(events, now);
            var live = start.Live();
            var history = live.Advance(now);
            replay.Apply(history, now);
            events.AddRange(history);
            var atStart = replay.Queues.Keys.ToDictionary(q => q, q => replay.Snapshot(q, now), StringComparer.Ordinal);

            for (var t = now; t <= now + FirstMinutes; t += TimeSpan.FromSeconds(1))
            {
                replay.Apply(live.Advance(t), t);
                replay.Evaluate(t);
            }

            Rooms[hour] = new StartedRoom(start, events, atStart, replay.Deviations);
        }
    }

    public Dictionary<int, StartedRoom> Rooms { get; } = [];
}

/// <summary>One start: what was played before now, the queues as they stood at now, and the deviations of the first minutes.</summary>
public sealed record StartedRoom(
    SimulatedStart Start,
    IReadOnlyList<ContactEvent> PlayedEvents,
    IReadOnlyDictionary<string, QueueSnapshot> AtStart,
    IReadOnlyList<Deviation> FirstMinutesDeviations);

public sealed class SimulatedStartTests(SimulatedStarts starts, ITestOutputHelper output) : IClassFixture<SimulatedStarts>
{
    /// <summary>The longest a contact of each channel may realistically stay open: a call or a chat ends within an hour, an e-mail is closed before the default backlog warning.</summary>
    private static TimeSpan Bound(Channel channel) => channel switch
    {
        Channel.Voice or Channel.Chat => TimeSpan.FromHours(1),
        _ => TimeSpan.FromSeconds(DefaultRules.For(channel, 80).Single(r => r.Metric == SlaMetrics.OldestBacklog).Warning),
    };

    [Fact]
    public void ReferenceDay_ClosesEveryContactItOpened_AndSendsEveryoneHome()
    {
        var start = starts.Rooms[12].Start;

        var events = start.ReferenceDay();

        events.Select(e => e.OccurredAt).Should().BeInAscendingOrder();
        events.Where(e => e.Type == EventType.InteractionOffered).Should().OnlyContain(e => e.OccurredAt <= start.ReferenceTo);
        OpenContacts(events, DateTimeOffset.MaxValue).Should().BeEmpty("a played day finishes what it started");
        events.Where(e => e.Type == EventType.AgentStateChanged).GroupBy(e => e.AgentId).Select(g => g.Last().State)
            .Should().OnlyContain(s => s == AgentState.Offline);
        events[^1].OccurredAt.Should().BeBefore(start.ReferenceTo!.Value + TrafficSimulator.LongestClose);
    }

    [Fact]
    public void ReferenceDay_SentInSlices_LeavesNoContactOpenBetweenTwoSlices()
    {
        var events = starts.Rooms[12].Start.ReferenceDay();

        var slices = SimulatedStart.WholeContactSlices(events, 5_000).ToList();

        slices.Should().HaveCountGreaterThan(1);
        slices.Sum(s => s.Count).Should().Be(events.Count);
        slices.SelectMany(s => s.Select(e => e.EventId)).Should().OnlyHaveUniqueItems();
        slices.Should().OnlyContain(s => OpenContacts(s, DateTimeOffset.MaxValue).Count == 0,
            "each slice closes what it opens: live rules judged between two slices see no week-old wait");
    }

    public static TheoryData<int> Hours => [.. SimulatedStarts.Hours];

    [Theory]
    [MemberData(nameof(Hours))]
    public void Start_LeavesNoContactOpenLongerThanItsChannelAllows(int hour)
    {
        var room = starts.Rooms[hour];
        var now = room.Start.Now;

        var tooOld = OpenContacts(room.PlayedEvents, now).Where(c => now - c.OfferedAt > Bound(c.Channel)).ToList();

        tooOld.Should().BeEmpty();
        foreach (var (queueId, snapshot) in room.AtStart)
        {
            output.WriteLine($"{queueId}: waiting {snapshot.Waiting}, longest {snapshot.LongestWaitSeconds} s, backlog {snapshot.Today.Backlog}, oldest {snapshot.Today.OldestBacklogSeconds} s");
            TimeSpan.FromSeconds(snapshot.Today.OldestBacklogSeconds ?? 0).Should().BeLessThan(Bound(snapshot.Channel!.Value), queueId);
        }
    }

    [Theory]
    [MemberData(nameof(Hours))]
    public void FreshStart_InANormalPeriod_RaisesNoAlertInItsFirstMinutes(int hour)
    {
        var deviations = starts.Rooms[hour].FirstMinutesDeviations;

        foreach (var d in deviations)
        {
            output.WriteLine($"{d.OccurredAt:HH:mm:ss} {d.QueueId} {d.RuleId} {d.Severity} {d.Value} against {d.Threshold}");
        }

        deviations.Should().BeEmpty();
    }

    private sealed record OpenContact(string InteractionId, Channel Channel, DateTimeOffset OfferedAt);

    /// <summary>Contacts offered by <paramref name="now"/> and not closed (resolved or abandoned) by then.</summary>
    private static List<OpenContact> OpenContacts(IEnumerable<ContactEvent> events, DateTimeOffset now)
    {
        var open = new Dictionary<string, OpenContact>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.OccurredAt <= now))
        {
            switch (e.Type)
            {
                case EventType.InteractionOffered:
                    open[e.InteractionId!] = new OpenContact(e.InteractionId!, e.Channel!.Value, e.OccurredAt);
                    break;
                case EventType.InteractionResolved or EventType.InteractionAbandoned:
                    open.Remove(e.InteractionId!);
                    break;
            }
        }

        return [.. open.Values];
    }

}
