using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;
using Xunit.Abstractions;

namespace ControlRoom.Simulator.Tests;

public sealed class SimulatedDayTests(SimulatedDay day, ITestOutputHelper output) : IClassFixture<SimulatedDay>
{
    [Fact]
    public void Day_EveryEventPassesTheDomainValidator()
    {
        var invalid = new List<string>();
        var errors = new List<string>();
        foreach (var e in day.Events)
        {
            errors.Clear();
            if (EventValidator.Validate(WireFormat.ToWire(e), errors) is null)
            {
                invalid.Add($"{e.EventId}: {string.Join("; ", errors)}");
            }
        }

        invalid.Should().BeEmpty();
        day.Events.Select(e => e.EventId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Day_EveryAgentBelongsToOneTeamOfAboutTen()
    {
        var teams = day.Events
            .Where(e => e.Type == EventType.AgentStateChanged)
            .GroupBy(e => e.AgentId!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Attributes?.GetValueOrDefault("team")).Distinct().ToList());

        teams.Values.Should().OnlyContain(t => t.Count == 1 && t[0] != null, "every presence event names the agent's one team");
        teams.Values.GroupBy(t => t[0]).Select(g => g.Count()).Should().OnlyContain(size => size >= 5 && size <= 15);
    }

    [Fact]
    public void Day_EachStepReturnsItsOwnEventsInTimeOrder()
    {
        foreach (var (from, to, events) in day.Steps.Skip(1))
        {
            events.Where(e => e.OccurredAt <= from || e.OccurredAt > to).Should().BeEmpty();
            events.Select(e => e.OccurredAt).Should().BeInAscendingOrder();
        }
    }

    [Fact]
    public void Day_ShowsABreachThatLaterRecovers()
    {
        var watched = new[] { SlaMetrics.ServiceLevel, SlaMetrics.LongestWait };
        var episodes = day.Deviations.Where(d => watched.Contains(d.Metric)).ToList();
        foreach (var d in episodes.Where(d => d.Severity != Severity.Ok))
        {
            output.WriteLine($"{d.OccurredAt:HH:mm:ss} {d.QueueId} {d.RuleId} {d.Severity} {d.Value}");
        }

        var recovered = episodes.Where(d => d.Severity != Severity.Ok).Any(breach => episodes.Any(ok =>
            ok.Severity == Severity.Ok && ok.QueueId == breach.QueueId && ok.RuleId == breach.RuleId && ok.OccurredAt > breach.OccurredAt));
        recovered.Should().BeTrue("surges push a queue over its limits and it recovers afterwards");
        day.Snapshots.Values.Count(s => s.Status == Severity.Ok).Should().BeGreaterThanOrEqualTo(3, "most queues are healthy by the end");
    }

    [Fact]
    public void Day_OfferedVolumesArePlausible()
    {
        foreach (var s in day.Snapshots.Values.OrderBy(s => s.QueueId, StringComparer.Ordinal))
        {
            output.WriteLine($"{s.QueueId}: offered {s.Today.Offered}, answered {s.Today.Answered}, abandoned {s.Today.Abandoned} " +
                $"(short {s.Today.ShortAbandoned}), SL {s.Today.ServiceLevel}, ASA {s.Today.Asa}, AHT {s.Today.Aht}, backlog {s.Today.Backlog}, " +
                $"FRT {s.Today.FirstResponseSeconds}, CSAT {s.Today.Csat}, NPS {s.Today.Nps}, FCR {s.Today.Fcr}");
        }

        output.WriteLine($"{day.Events.Count} events");
        day.Snapshots.Keys.Should().BeEquivalentTo(QueueCatalog.Queues.Select(q => q.QueueId));
        var offered = day.Snapshots.Values.Sum(s => s.Today.Offered);
        offered.Should().BeInRange(3000, 5500, "about 565 contacts an hour at peak over 08:00-16:00");
        foreach (var profile in QueueCatalog.Queues)
        {
            var today = day.Snapshots[profile.QueueId].Today;
            today.Offered.Should().BeInRange((int)(profile.PeakPerHour * 8 * 0.6), (int)(profile.PeakPerHour * 8 * 1.3), profile.QueueId);
        }

        var voice = day.Snapshots.Values.Where(s => s.Channel == Channel.Voice).Select(s => s.Today).ToList();
        var abandonRate = 100.0 * voice.Sum(t => t.Abandoned - t.ShortAbandoned) / voice.Sum(t => t.Offered - t.ShortAbandoned);
        abandonRate.Should().BeInRange(1, 15, "a centre that mostly copes");
    }

    [Fact]
    public void Day_HasSurgesOfArrivalsInSomeQueue()
    {
        // Arrivals per queue in 10-minute windows, divided by the daily curve so that the morning peak alone is
        // no surge; a surge roughly triples a window against the queue's usual level.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var window = TimeSpan.FromMinutes(10);
        var ratios = day.Events.Where(e => e.Type == EventType.InteractionOffered && e.Channel != Channel.Email)
            .GroupBy(e => (Queue: e.QueueId!, Window: (e.OccurredAt - SimulatedDay.Start).Ticks / window.Ticks))
            .Select(g =>
            {
                var middle = SimulatedDay.Start + (window * g.Key.Window) + (window / 2);
                return (g.Key.Queue, Level: g.Count() / QueueCatalog.DailyCurve(TimeZoneInfo.ConvertTime(middle, zone).TimeOfDay.TotalHours));
            })
            .GroupBy(w => w.Queue, w => w.Level)
            .ToDictionary(g => g.Key, g => g.Order().ToList());

        foreach (var (queue, levels) in ratios)
        {
            output.WriteLine($"{queue}: highest window {levels[^1] / levels[levels.Count / 2]:F2} x median");
        }

        ratios.Count(r => r.Value[^1] >= 2.2 * r.Value[r.Value.Count / 2]).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Day_HasAbandonsTransfersRepliesSurveysAndBreaks()
    {
        var types = day.Events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());

        types.Should().ContainKeys(EventType.InteractionAbandoned, EventType.InteractionTransferred, EventType.InteractionReplied,
            EventType.InteractionWrapupEnded, EventType.InteractionResolved, EventType.SurveyCompleted);
        day.Snapshots.Values.Sum(s => s.Today.ShortAbandoned).Should().BeGreaterThan(0);
        var reasons = day.Events.Where(e => e.State == AgentState.Away).Select(e => e.Reason).ToHashSet();
        reasons.Should().Contain(["break", "lunch"]);
        day.Events.Should().Contain(e => e.State == AgentState.Offline && e.OccurredAt > SimulatedDay.Start, "shifts end during the day");
    }

    [Fact]
    public void Day_NoAgentHoldsMoreContactsThanAllowed()
    {
        var channels = new Dictionary<string, Channel>(StringComparer.Ordinal);
        var talking = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var state = new Dictionary<string, AgentState>(StringComparer.Ordinal);
        var violations = new List<string>();
        var maxChats = new SimulatorOptions().MaxConcurrentChats;
        foreach (var e in day.Events)
        {
            switch (e.Type)
            {
                case EventType.AgentStateChanged:
                    state[e.AgentId!] = e.State!.Value;
                    break;
                case EventType.InteractionOffered:
                    channels[e.InteractionId!] = e.Channel!.Value;
                    break;
                case EventType.InteractionAnswered:
                    var held = talking.TryGetValue(e.AgentId!, out var list) ? list : talking[e.AgentId!] = [];
                    var channel = channels[e.InteractionId!];
                    var allowed = channel == Channel.Chat
                        ? held.Count < maxChats && held.TrueForAll(i => channels[i] == Channel.Chat)
                        : held.Count == 0;
                    if (!allowed || state.GetValueOrDefault(e.AgentId!) is AgentState.Offline or AgentState.Away)
                    {
                        violations.Add($"{e.OccurredAt:HH:mm:ss} {e.AgentId} took {e.InteractionId} holding {held.Count}");
                    }

                    held.Add(e.InteractionId!);
                    break;
                case EventType.InteractionEnded or EventType.InteractionTransferred:
                    talking.GetValueOrDefault(e.AgentId!)?.Remove(e.InteractionId!);
                    break;
            }
        }

        talking.Should().NotBeEmpty();
        violations.Should().BeEmpty();
    }
}
