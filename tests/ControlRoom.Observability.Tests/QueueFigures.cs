using System.Globalization;
using System.Text.Json;

namespace ControlRoom.Observability.Tests;

/// <summary>
/// What the queue gauges must say for one snapshot of <c>GET /api/queues/{id}</c>, keyed by metric and its one extra
/// label (<c>state</c> or <c>window</c>). The longest wait is left out: it moves with the clock and is compared apart.
/// </summary>
public static class QueueFigures
{
    public const string LongestWait = "controlroom_queue_longest_wait_seconds";

    public static Dictionary<string, double> Expected(JsonElement snapshot)
    {
        var expected = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["controlroom_queue_waiting"] = snapshot.GetProperty("waiting").GetDouble(),
            ["controlroom_queue_service_level_target_ratio"] = snapshot.GetProperty("serviceLevelTarget").GetDouble() / 100,
            ["controlroom_queue_backlog"] = snapshot.GetProperty("today").GetProperty("backlog").GetDouble(),
            ["controlroom_queue_status"] = snapshot.GetProperty("status").GetString() switch
            {
                "ok" => 0,
                "warning" => 1,
                "critical" => 2,
                var other => throw new InvalidOperationException($"status '{other}'"),
            },
            ["controlroom_queue_catching_up"] = snapshot.GetProperty("catchingUp").GetBoolean() ? 1 : 0,
        };
        foreach (var state in new[] { "available", "busy", "wrapup", "away" })
        {
            expected[Key("controlroom_queue_agents", state)] = snapshot.GetProperty("agents").GetProperty(state).GetDouble();
        }

        foreach (var (window, property) in new[] { ("today", "today"), ("rolling30m", "rolling30m") })
        {
            var figures = snapshot.GetProperty(property);
            expected[Key("controlroom_queue_offered", window)] = figures.GetProperty("offered").GetDouble();
            Optional(expected, Key("controlroom_queue_service_level_ratio", window), figures.GetProperty("serviceLevel"), 100);
            Optional(expected, Key("controlroom_queue_abandon_ratio", window), figures.GetProperty("abandonRate"), 100);
            Optional(expected, Key("controlroom_queue_asa_seconds", window), figures.GetProperty("asa"), 1);
        }

        Optional(expected, "controlroom_queue_oldest_backlog_seconds", snapshot.GetProperty("today").GetProperty("oldestBacklogSeconds"), 1);
        if (snapshot.GetProperty("lastEventAt").ValueKind == JsonValueKind.String)
        {
            expected["controlroom_queue_last_event_timestamp_seconds"] =
                snapshot.GetProperty("lastEventAt").GetDateTimeOffset().ToUnixTimeMilliseconds() / 1000.0;
        }

        return expected;
    }

    /// <summary>The key of a series: its name, and the value of its <c>state</c> or <c>window</c> label when it has one.</summary>
    public static string Key(string name, string? extra) => extra is null ? name : $"{name}|{extra}";

    public static string Key(string name, IReadOnlyDictionary<string, string> labels) =>
        Key(name, labels.TryGetValue("state", out var state) ? state : labels.TryGetValue("window", out var window) ? window : null);

    /// <summary>Reads this queue's samples out of a /metrics text, with their labels.</summary>
    public static Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)> FromText(string text, string queueId)
    {
        var found = new Dictionary<string, (IReadOnlyDictionary<string, string>, double)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("controlroom_queue_", StringComparison.Ordinal))
            {
                continue;
            }

            var open = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            var labels = line[(open + 1)..close].Split(',')
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'), StringComparer.Ordinal);
            if (labels["queue"] == queueId)
            {
                var name = line[..open];
                found[Key(name, labels)] = (labels, double.Parse(line[(close + 2)..], CultureInfo.InvariantCulture));
            }
        }

        return found;
    }

    private static void Optional(Dictionary<string, double> expected, string key, JsonElement value, double divisor)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            expected[key] = value.GetDouble() / divisor;
        }
    }
}
