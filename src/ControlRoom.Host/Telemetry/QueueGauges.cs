using System.Globalization;
using System.Text;
using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Rules;

namespace ControlRoom.Host.Telemetry;

/// <summary>
/// Where <c>/metrics</c> reads the queues: the snapshots this node already holds in memory (the boards' own feed),
/// never a call to every grain per scrape. Replacing the feed is a change to the one line that registers this.
/// </summary>
public sealed class QueueSnapshotSource(Func<IReadOnlyCollection<QueueSnapshot>> read)
{
    public IReadOnlyCollection<QueueSnapshot> Current => read();
}

/// <summary>
/// Every queue's live figures as Prometheus gauges, labelled <c>queue</c> and <c>channel</c>, written straight from
/// the snapshots the boards show (no second computation). Written by hand rather than as OpenTelemetry observable
/// gauges: a thousand queues make some 20,000 series, above the SDK's default cardinality limit of 2,000 per
/// instrument; the SDK would keep a series for a vanished queue forever; and these would flood an OTLP backend
/// that never asked for them. Here a scrape costs one pass over the snapshots and nothing in between.
/// </summary>
public static class QueueGauges
{
    public const string Prefix = "controlroom_queue_";

    private static readonly string[] Windows = ["today", "rolling30m"];

    private static readonly Family[] Families =
    [
        new("waiting", "Contacts waiting in the queue now.", (q, _) => Sample(q.Waiting)),
        new("longest_wait_seconds", "How long the longest-waiting contact has waited, at the scrape.", (q, now) => Sample(SlaMetrics.AgeAt(q, SlaMetrics.LongestWait, now))),
        new("agents", "Agents serving the queue, by state (available, busy, wrapup, away).", (q, _) =>
        [
            new("state", "available", q.Agents.Available),
            new("state", "busy", q.Agents.Busy),
            new("state", "wrapup", q.Agents.Wrapup),
            new("state", "away", q.Agents.Away),
        ]),
        new("service_level_ratio", "Share of contacts answered within the threshold (0-1), by window; absent while the window has no contact counted.",
            (q, _) => ByWindow(q, k => k.ServiceLevel / 100)),
        new("service_level_target_ratio", "The queue's service level target (0-1).", (q, _) => Sample(q.ServiceLevelTarget / 100)),
        new("offered", "Contacts offered in the window (a gauge: 'today' restarts at the queue's midnight and late events may lower it).",
            (q, _) => ByWindow(q, k => k.Offered)),
        new("abandon_ratio", "Share of offered contacts abandoned after the short-abandon time (0-1), by window.", (q, _) => ByWindow(q, k => k.AbandonRate / 100)),
        new("asa_seconds", "Average speed of answer in seconds, by window.", (q, _) => ByWindow(q, k => k.Asa)),
        new("backlog", "Open contacts not yet handled (e-mail, social, messaging).", (q, _) => Sample(q.Today.Backlog)),
        new("oldest_backlog_seconds", "Age of the oldest open backlog item in seconds, at the scrape.", (q, now) => Sample(SlaMetrics.AgeAt(q, SlaMetrics.OldestBacklog, now))),
        new("status", "The queue's state on the boards: 0 ok, 1 warning, 2 critical.", (q, _) => Sample((int)q.Status)),
        new("catching_up", "1 while the queue's source is catching up on old events (rules on its waits and backlog are not judged), else 0.",
            (q, _) => Sample(q.CatchingUp ? 1 : 0)),
        new("last_event_timestamp_seconds", "Event time of the newest event applied to the queue (Unix seconds).",
            (q, _) => Sample(q.LastEventAt?.ToUnixTimeMilliseconds() / 1000.0)),
    ];

    /// <summary>The metric names written, for the documentation and tests.</summary>
    public static IEnumerable<string> Names => Families.Select(f => Prefix + f.Name);

    /// <summary>Appends every family (HELP, TYPE, one sample per queue and label) in text exposition format 0.0.4, as at <paramref name="now"/>.</summary>
    public static void Write(IReadOnlyCollection<QueueSnapshot> queues, DateTimeOffset now, StringBuilder text)
    {
        var ordered = queues.OrderBy(q => q.QueueId, StringComparer.Ordinal).ToList();
        foreach (var family in Families)
        {
            var name = Prefix + family.Name;
            text.Append("# HELP ").Append(name).Append(' ').Append(family.Help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" gauge\n");
            foreach (var queue in ordered)
            {
                foreach (var sample in family.Samples(queue, now))
                {
                    if (sample.Value is not { } value || !double.IsFinite(value))
                    {
                        continue;
                    }

                    text.Append(name).Append("{queue=\"");
                    AppendEscaped(text, queue.QueueId);
                    text.Append("\",channel=\"").Append(ChannelWord(queue.Channel)).Append('"');
                    if (sample.Label is { } label)
                    {
                        text.Append(',').Append(label).Append("=\"").Append(sample.LabelValue).Append('"');
                    }

                    text.Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }
    }

    /// <summary>The channel as the API writes it (camelCase word); empty when the queue has not seen one yet.</summary>
    private static string ChannelWord(Channel? channel) => channel switch
    {
        null => "",
        { } c => JsonNamingPolicyWord(c.ToString()),
    };

    private static string JsonNamingPolicyWord(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<GaugeSample> Sample(double? value) => [new(null, null, value)];

    private static IEnumerable<GaugeSample> ByWindow(QueueSnapshot queue, Func<KpiFigures, double?> figure) =>
    [
        new("window", Windows[0], figure(queue.Today)),
        new("window", Windows[1], figure(queue.Rolling30m)),
    ];

    /// <summary>Label values are escaped as the format requires (queue ids are validated, but this never trusts that).</summary>
    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    private sealed record Family(string Name, string Help, Func<QueueSnapshot, DateTimeOffset, IEnumerable<GaugeSample>> Samples);

    private readonly record struct GaugeSample(string? Label, string? LabelValue, double? Value);
}
