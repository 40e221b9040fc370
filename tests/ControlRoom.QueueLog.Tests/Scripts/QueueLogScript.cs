using System.Globalization;

namespace ControlRoom.QueueLog.Tests.Scripts;

/// <summary>One scripted call and what the host must count for it.</summary>
public sealed record ScriptedCall(string CallId, long EnteredAt, bool Answered, int WaitSeconds);

/// <summary>
/// Writes a queue_log day the way Asterisk would (agents joining, pausing, calls ringing out, answered, abandoned,
/// one line per event in time order) and keeps the figures each 15-minute interval must show.
/// </summary>
public sealed class QueueLogScript
{
    private readonly List<(long At, int Order, string Text)> lines = [];
    private readonly List<ScriptedCall> calls = [];
    private readonly List<(long At, int Order, string Agent, string State)> presence = [];

    public QueueLogScript(string queue, DateTimeOffset start, int callCount, int seed = 1)
    {
        Queue = queue;
        Start = start.ToUnixTimeSeconds();
        var random = new Random(seed);
        // Agents of their own per script, so scripts sharing a host never touch each other's agents.
        string[] agents = [.. Enumerable.Range(201, 6).Select(n => string.Create(CultureInfo.InvariantCulture, $"{queue}-{n}"))];
        Add(Start - 60, "NONE", "NONE", "NONE", "QUEUESTART", "");
        foreach (var agent in agents)
        {
            Presence(Start - 30, agent, "ADDMEMBER", "", "available");
        }

        for (var i = 0; i < callCount; i++)
        {
            var entered = Start + (i * 7) + random.Next(0, 5);
            var callId = string.Create(CultureInfo.InvariantCulture, $"{entered}.{i}");
            var agent = agents[random.Next(agents.Length)];
            Add(entered, callId, queue, "NONE", "ENTERQUEUE", $"|33{random.Next(10_000_000, 99_999_999)}|1");
            if (i % 4 == 0)
            {
                Add(entered + 15, callId, queue, $"PJSIP/{agents[(i / 4) % agents.Length]}", "RINGNOANSWER", "15000");
            }

            if (i % 3 == 2)
            {
                var waited = random.Next(1, 90);
                Add(entered + waited, callId, queue, "NONE", i % 2 == 0 ? "ABANDON" : "EXITWITHTIMEOUT", $"1|1|{waited}");
                calls.Add(new ScriptedCall(callId, entered, false, waited));
                continue;
            }

            var wait = random.Next(0, 60);
            var talk = random.Next(20, 300);
            Add(entered + wait, callId, queue, $"Local/{agent}@from-queue/n", "CONNECT", $"{wait}|{entered + wait}.{i + 1000}|{random.Next(1, 9)}");
            Add(entered + wait + talk, callId, queue, $"Local/{agent}@from-queue/n", i % 2 == 0 ? "COMPLETECALLER" : "COMPLETEAGENT", $"{wait}|{talk}|1");
            calls.Add(new ScriptedCall(callId, entered, true, wait));
            if (i % 10 == 5)
            {
                Presence(entered + wait + talk, agent, "PAUSE", "Break", "away");
                Presence(entered + wait + talk + 120, agent, "UNPAUSE", "", "available");
            }
        }

        Presence(Start + (callCount * 7) + 3600, agents[0], "REMOVEMEMBER", "", "offline");
        Presence(Start + (callCount * 7) + 3600, agents[1], "PAUSE", "Meeting", "away");
    }

    public string Queue { get; }

    public long Start { get; }

    /// <summary>The lines in file order: by time, and in the order written within one second.</summary>
    public IReadOnlyList<string> Lines => [.. lines.OrderBy(l => l.At).ThenBy(l => l.Order).Select(l => l.Text)];

    public IReadOnlyList<ScriptedCall> Calls => calls;

    /// <summary>Each agent's state after their last presence line (in time, then file order).</summary>
    public IReadOnlyDictionary<string, string> FinalStates => presence
        .GroupBy(p => p.Agent)
        .ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ThenBy(p => p.Order).Last().State, StringComparer.Ordinal);

    /// <summary>Offered, answered, abandoned, answered within 20 s and the summed wait of the answered, per interval start.</summary>
    public IReadOnlyDictionary<DateTimeOffset, (int Offered, int Answered, int Abandoned, int WithinThreshold, long WaitSum)> Intervals() =>
        calls.GroupBy(c => DateTimeOffset.FromUnixTimeSeconds(c.EnteredAt - (c.EnteredAt % 900)))
            .ToDictionary(g => g.Key, g => (
                g.Count(),
                g.Count(c => c.Answered),
                g.Count(c => !c.Answered),
                g.Count(c => c.Answered && c.WaitSeconds <= 20),
                g.Where(c => c.Answered).Sum(c => (long)c.WaitSeconds)));

    public static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private void Presence(long at, string agent, string name, string data, string state)
    {
        presence.Add((at, lines.Count, agent, state));
        Add(at, "NONE", Queue, $"Local/{agent}@from-queue/n", name, data);
    }

    private void Add(long at, string callId, string queue, string agent, string name, string data) =>
        lines.Add((at, lines.Count, string.Create(CultureInfo.InvariantCulture, $"{at}|{callId}|{queue}|{agent}|{name}|{data}")));
}
