using System.Globalization;
using System.Text;
using ControlRoom.Contracts.Queues;
using ControlRoom.Host.Telemetry;

namespace ControlRoom.Observability.Tests;

/// <summary>The queue gauges written from a snapshot: waits age with the scrape's clock, counts do not.</summary>
public sealed class QueueGaugesTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Waits_AreAgedToTheScrape_WhileContactsWait()
    {
        var snapshot = Snapshot(waiting: 2, longestWait: 10) with { Today = new KpiFigures { Backlog = 3, OldestBacklogSeconds = 600 } };

        var text = Gauges(snapshot, AsOf.AddSeconds(4.5));

        Value(text, "controlroom_queue_longest_wait_seconds").Should().Be(14.5, "the oldest contact stays the oldest until a change publishes a new snapshot");
        Value(text, "controlroom_queue_oldest_backlog_seconds").Should().Be(604.5);
        Value(text, "controlroom_queue_waiting").Should().Be(2, "a count does not move with the clock");
    }

    [Fact]
    public void Waits_StayAsTheSnapshotSaid_WhenNobodyWaits()
    {
        var snapshot = Snapshot(waiting: 0, longestWait: 0);

        var text = Gauges(snapshot, AsOf.AddSeconds(30));

        Value(text, "controlroom_queue_longest_wait_seconds").Should().Be(0);
        text.Should().NotContain("controlroom_queue_oldest_backlog_seconds{", "a queue with no backlog has no oldest item");
    }

    private static QueueSnapshot Snapshot(int waiting, double longestWait) =>
        new("gauges", AsOf, Severity.Ok, waiting, longestWait, AgentCounts.None, new KpiFigures(), new KpiFigures(), []);

    private static string Gauges(QueueSnapshot snapshot, DateTimeOffset now)
    {
        var text = new StringBuilder();
        QueueGauges.Write([snapshot], now, text);
        return text.ToString();
    }

    private static double Value(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
