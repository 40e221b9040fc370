using System.Text.Json.Nodes;
using ControlRoom.Testing;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Benchmarks;

/// <summary>
/// A seeded, plausible contact-centre picture: six queues over voice, chat and e-mail, forty agents, the last hours
/// of today and the same hours a week ago (the reference day), and a few contacts waiting now, one of them too long.
/// </summary>
public sealed class RealisticDay(DateTimeOffset now, int seed = 7)
{
    public static readonly (string Queue, string Channel, double PerMinute, double MeanWait)[] Queues =
    [
        ("billing", "voice", 0.9, 14), ("tech-support", "voice", 0.7, 35), ("sales", "voice", 0.5, 9),
        ("vip-care", "voice", 0.2, 6), ("chat-care", "chat", 0.6, 20), ("email-claims", "email", 0.3, 0),
    ];

    private readonly Random random = new(seed);

    public IEnumerable<JsonObject> History(TimeSpan span)
    {
        foreach (var dayOffset in new[] { -7, 0 })
        {
            var end = now.AddDays(dayOffset).AddMinutes(-3);
            for (var at = end - span; at < end; at = at.AddMinutes(1))
            {
                // A daily curve: busier towards the middle of the span, with a little noise.
                var shape = 0.6 + (0.8 * Math.Sin(Math.PI * (at - (end - span)).TotalMinutes / span.TotalMinutes));
                foreach (var (queue, channel, perMinute, meanWait) in Queues)
                {
                    var count = Poisson(perMinute * shape * (dayOffset == 0 ? 1.0 : 0.85));
                    for (var i = 0; i < count; i++)
                    {
                        foreach (var e in Contact(queue, channel, at.AddSeconds(random.Next(60)), meanWait))
                        {
                            yield return e;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The agents' shift over the last <paramref name="span"/>: logged in at its start, then a new state every 4 to
    /// 20 minutes, so the queue page's "agents by state" has a day behind it. <see cref="Agents"/> sets where they are now.
    /// </summary>
    public IEnumerable<JsonObject> AgentShifts(TimeSpan span)
    {
        string[] states = ["available", "busy", "busy", "wrapup", "available", "busy", "away"];
        for (var i = 1; i <= 40; i++)
        {
            var (first, second) = Skills(i);
            var end = now.AddMinutes(-16);
            for (var at = now - span + TimeSpan.FromMinutes(random.Next(30)); at < end; at = at.AddMinutes(4 + random.Next(17)))
            {
                var e = AgentState($"agent-{i:00}", states[random.Next(states.Length)], at, first, second);
                e["attributes"] = new JsonObject { ["team"] = i <= 20 ? "Team Rossi" : "Team Bianchi" };
                yield return e;
            }
        }
    }

    private static (string First, string Second) Skills(int agent) =>
        (Queues[agent % Queues.Length].Queue, Queues[(agent + 2) % Queues.Length].Queue);

    /// <summary>Agents in every state, serving two queues each (multiskill).</summary>
    public IEnumerable<JsonObject> Agents()
    {
        string[] states = ["available", "busy", "busy", "busy", "wrapup", "away", "available", "busy"];
        for (var i = 1; i <= 40; i++)
        {
            var (first, second) = Skills(i);
            var e = AgentState($"agent-{i:00}", states[i % states.Length], now.AddSeconds(-random.Next(20, 900)), first, second);
            e["attributes"] = new JsonObject { ["team"] = i <= 20 ? "Team Rossi" : "Team Bianchi" };
            if (states[i % states.Length] == "away")
            {
                e["reason"] = i % 2 == 0 ? "break" : "training";
            }

            yield return e;
        }
    }

    /// <summary>Contacts waiting now: a few ordinary ones, one near the warning and one past the critical wait.</summary>
    public IEnumerable<JsonObject> WaitingNow() =>
    [
        Offered("now-billing-1", "billing", now.AddSeconds(-12)),
        Offered("now-billing-2", "billing", now.AddSeconds(-31)),
        Offered("now-tech-1", "tech-support", now.AddSeconds(-150)),
        Offered("now-tech-2", "tech-support", now.AddSeconds(-48)),
        Offered("now-sales-1", "sales", now.AddSeconds(-75)),
        Offered("now-chat-1", "chat-care", now.AddSeconds(-20), "chat"),
        Offered("now-mail-1", "email-claims", now.AddMinutes(-95), "email"),
        Offered("now-mail-2", "email-claims", now.AddMinutes(-40), "email"),
    ];

    private IEnumerable<JsonObject> Contact(string queue, string channel, DateTimeOffset offered, double meanWait)
    {
        var id = $"{queue}-{offered.ToUnixTimeMilliseconds()}-{random.Next(100_000)}";
        yield return Offered(id, queue, offered, channel);
        if (channel == "email")
        {
            // Older e-mails are answered and closed within hours; the recent ones make today's backlog.
            if (now - offered > TimeSpan.FromHours(3))
            {
                var replied = offered.AddMinutes(20 + random.Next(100));
                yield return Simple(id, "interaction.replied", replied, ("agentId", $"agent-{random.Next(1, 41):00}"));
                yield return Simple(id, "interaction.resolved", replied.AddMinutes(5), ("firstContact", random.NextDouble() < 0.8));
            }

            yield break;
        }

        var wait = -meanWait * Math.Log(1 - random.NextDouble());
        if (random.NextDouble() < 0.06)
        {
            yield return Abandoned(id, offered.AddSeconds(Math.Min(wait, 3 + random.Next(90))));
            yield break;
        }

        var answered = offered.AddSeconds(wait);
        yield return Answered(id, $"agent-{random.Next(1, 41):00}", answered);
        yield return Ended(id, answered.AddSeconds(120 + random.Next(400)));
    }

    private static JsonObject Simple(string id, string type, DateTimeOffset at, (string Name, JsonNode? Value) extra) => new()
    {
        ["eventId"] = $"{id}-{type}",
        ["type"] = type,
        ["occurredAt"] = Time(at),
        ["interactionId"] = id,
        [extra.Name] = extra.Value,
    };

    private int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    public static async Task PostAsync(HttpClient api, IEnumerable<JsonObject> events)
    {
        foreach (var batch in events.Chunk(2000))
        {
            await api.PostAcceptedAsync(batch);
        }
    }
}
