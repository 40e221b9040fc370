using ControlRoom.Contracts.Events;

namespace ControlRoom.Domain.Tests.Interactions;

/// <summary>Seeded synthetic interaction streams, and their messy twins (duplicates, local shuffles).</summary>
internal static class StreamGenerator
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] VoiceQueues = ["billing", "sales", "support"];

    public static List<ContactEvent> Generate(int seed, int interactions, bool openTail = false)
    {
        var random = new Random(seed);
        var events = new List<ContactEvent>();
        var n = 0;
        string Id() => $"s{seed}-{n++}";
        for (var i = 0; i < interactions; i++)
        {
            var id = $"i{seed}-{i}";
            var offered = Start.AddSeconds(random.Next(0, 4 * 3600));
            var email = random.NextDouble() < 0.15;
            var queue = email ? "email" : VoiceQueues[random.Next(VoiceQueues.Length)];
            events.Add(new ContactEvent(Id(), EventType.InteractionOffered, offered)
            {
                InteractionId = id, QueueId = queue, Channel = email ? Channel.Email : Channel.Voice,
            });

            if (openTail && i >= interactions - 20)
            {
                continue; // still waiting or in backlog at the end
            }

            if (email)
            {
                var replied = offered.AddMinutes(random.Next(5, 120));
                events.Add(new ContactEvent(Id(), EventType.InteractionReplied, replied) { InteractionId = id, AgentId = "e1" });
                events.Add(new ContactEvent(Id(), EventType.InteractionResolved, replied.AddMinutes(random.Next(1, 60)))
                {
                    InteractionId = id, FirstContact = random.NextDouble() < 0.7,
                });
                continue;
            }

            var at = offered;
            if (random.NextDouble() < 0.15)
            {
                at = at.AddSeconds(random.Next(1, 90));
                var target = VoiceQueues.First(q => q != queue);
                events.Add(new ContactEvent(Id(), EventType.InteractionTransferred, at) { InteractionId = id, QueueId = queue, ToQueueId = target });
            }

            var wait = random.Next(0, 180);
            if (random.NextDouble() < 0.2)
            {
                events.Add(new ContactEvent(Id(), EventType.InteractionAbandoned, at.AddSeconds(wait)) { InteractionId = id });
                continue;
            }

            var agent = $"a{random.Next(1, 30)}";
            var answered = at.AddSeconds(wait);
            var ended = answered.AddSeconds(random.Next(30, 600));
            events.Add(new ContactEvent(Id(), EventType.InteractionAnswered, answered) { InteractionId = id, AgentId = agent });
            events.Add(new ContactEvent(Id(), EventType.InteractionEnded, ended) { InteractionId = id, AgentId = agent });
            if (random.NextDouble() < 0.1)
            {
                // A second system reports the end a little later: the earliest end counts.
                events.Add(new ContactEvent(Id(), EventType.InteractionEnded, ended.AddSeconds(random.Next(1, 5))) { InteractionId = id, AgentId = agent });
            }
            if (random.NextDouble() < 0.6)
            {
                events.Add(new ContactEvent(Id(), EventType.InteractionWrapupEnded, ended.AddSeconds(random.Next(5, 120))) { InteractionId = id, AgentId = agent });
            }

            if (random.NextDouble() < 0.3)
            {
                events.Add(new ContactEvent(Id(), EventType.SurveyCompleted, ended.AddMinutes(2))
                {
                    InteractionId = id, Csat = random.Next(1, 6), Nps = random.Next(0, 11),
                });
                if (random.NextDouble() < 0.3)
                {
                    // The customer answers again later: the latest answer counts.
                    events.Add(new ContactEvent(Id(), EventType.SurveyCompleted, ended.AddMinutes(3))
                    {
                        InteractionId = id, Csat = random.Next(1, 6), Nps = random.Next(0, 11),
                    });
                }
            }
        }

        events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return events;
    }

    /// <summary>10 % of events sent twice (the copy later), 10 % moved by up to five minutes of stream time.</summary>
    public static List<ContactEvent> Mess(IReadOnlyList<ContactEvent> clean, int seed)
    {
        var random = new Random(seed * 7919);
        var keyed = new List<(double Key, ContactEvent Event)>();
        foreach (var e in clean)
        {
            var key = e.OccurredAt.ToUnixTimeMilliseconds() / 1000.0;
            keyed.Add((random.NextDouble() < 0.10 ? key + random.Next(-300, 300) : key, e));
            if (random.NextDouble() < 0.10)
            {
                keyed.Add((key + random.Next(0, 300), e));
            }
        }

        return [.. keyed.OrderBy(k => k.Key).Select(k => k.Event)];
    }
}
