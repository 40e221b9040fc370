using System.Globalization;
using System.Text.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources.Twilio;

/// <summary>
/// Maps one TaskRouter event callback (its form parameters, see docs/sources/twilio-taskrouter.md) to contract events.
/// Stateless: each callback is mapped on its own, with event ids derived from the callback's <c>Sid</c>, so Twilio's
/// retries and callbacks arriving out of order give the same figures.
/// </summary>
public sealed class TaskRouterMapper(TwilioOptions options)
{
    /// <summary>TaskChannelUniqueName → contract channel; others get <see cref="TwilioOptions.DefaultChannel"/>.</summary>
    private static readonly Dictionary<string, string> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["voice"] = "voice",
        ["video"] = "voice",
        ["chat"] = "chat",
        ["sms"] = "messaging",
        ["whatsapp"] = "messaging",
        ["messenger"] = "social",
        ["email"] = "email",
        ["callback"] = "callback",
    };

    /// <summary>Task attributes that name the customer, in order of preference (Flex voice and messaging tasks).</summary>
    private static readonly string[] CustomerAttributes = ["from", "caller", "customerAddress"];

    /// <summary>The worker attribute Flex uses for the agent's team.</summary>
    private const string TeamAttribute = "team_name";

    public SourceMapping Map(IReadOnlyDictionary<string, string> form)
    {
        var callback = new Callback(form, options);
        if (callback.Get("EventType") is not { } type)
        {
            return SourceMapping.Fail("EventType is missing");
        }

        if (callback.OccurredAt is null)
        {
            return SourceMapping.Fail("TimestampMs (or Timestamp) is missing or not a time");
        }

        return type switch
        {
            "task.created" => callback.Queue is null
                ? SourceMapping.Ignore("task.created names no queue yet; task-queue.entered places the task")
                : callback.WithTask(() => SourceMapping.Of(callback.Offered())),
            "task-queue.entered" => callback.WithTask(() => callback.Queue is null
                ? SourceMapping.Fail("task-queue.entered names no queue (TaskQueueName or TaskQueueSid)")
                : SourceMapping.Of(callback.QueueEntry())),
            "reservation.accepted" => callback.WithTaskAndWorker(() => SourceMapping.Of(callback.Answered(), callback.Presence("busy", "accepted"))),
            "reservation.rejected" => callback.WithTaskAndWorker(() => SourceMapping.Of(callback.RingNoAnswer("rejected"))),
            "reservation.timeout" => callback.WithTaskAndWorker(() => SourceMapping.Of(callback.RingNoAnswer("timeout"))),
            "reservation.wrapup" => callback.WithTaskAndWorker(() => SourceMapping.Of(callback.Presence("wrapup", "wrapup"))),
            "reservation.completed" => callback.Get("WorkerActivityName") is null
                ? SourceMapping.Ignore("reservation.completed without WorkerActivityName; the worker's next activity update tells their state")
                : callback.WithTaskAndWorker(() => SourceMapping.Of(callback.ActivityPresence("completed"))),
            "task.canceled" => callback.WithTask(() => SourceMapping.Of(callback.Abandoned())),
            "task.wrapup" => callback.WithTask(() => SourceMapping.Of(callback.Ended())),
            "task.completed" => callback.WithTask(() => SourceMapping.Of(callback.Ended(), callback.WrapupEnded())),
            "worker.activity.update" => callback.WithWorker(() => callback.Get("WorkerActivityName") is null
                ? SourceMapping.Fail("worker.activity.update without WorkerActivityName")
                : SourceMapping.Of(callback.ActivityPresence(null))),
            _ => SourceMapping.Ignore($"{Clip(type)} carries nothing ControlRoom counts"),
        };
    }

    private static string Clip(string text) => SourceKeys.Clip(text, 64)!;

    /// <summary>One callback's parameters and what they say, each derived once.</summary>
    private sealed class Callback(IReadOnlyDictionary<string, string> form, TwilioOptions options)
    {
        private readonly string eventSid = form.TryGetValue("Sid", out var sid) && sid.Length > 0
            ? sid
            : SourceKeys.Hash(string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "\u0000" + p.Value + "\u0000")));

        public DateTimeOffset? OccurredAt { get; } = ParseTime(form);

        public string? Queue { get; } = options.UseSids
            ? SourceKeys.Key(Value(form, "TaskQueueSid"))
            : SourceKeys.Key(Value(form, "TaskQueueName")) ?? SourceKeys.Key(Value(form, "TaskQueueSid"));

        private string? Agent { get; } = options.UseSids
            ? SourceKeys.Key(Value(form, "WorkerSid"))
            : SourceKeys.Key(Value(form, "WorkerName")) ?? SourceKeys.Key(Value(form, "WorkerSid"));

        private string? Task { get; } = Value(form, "TaskSid");

        public string? Get(string name) => Value(form, name);

        public SourceMapping WithTask(Func<SourceMapping> map) =>
            Task is null ? SourceMapping.Fail($"{Get("EventType")} without TaskSid") : map();

        public SourceMapping WithWorker(Func<SourceMapping> map) =>
            Agent is null ? SourceMapping.Fail($"{Get("EventType")} without WorkerName or WorkerSid") : map();

        public SourceMapping WithTaskAndWorker(Func<SourceMapping> map) => WithTask(() => WithWorker(map));

        public IncomingEvent[] QueueEntry() =>
            SourceEvent.QueueEntry(SourceKeys.EventId("tw", eventSid), OccurredAt!.Value, Task!, Queue!, Channel(), Customer());

        /// <summary>The offer alone, for a task.created that already names its queue.</summary>
        public IncomingEvent Offered() => QueueEntry()[0];

        public IncomingEvent Answered() => Interaction("answered", "interaction.answered", queueId: Queue, agentId: Agent);

        public IncomingEvent RingNoAnswer(string reason) =>
            Interaction("rona", "interaction.ring_no_answer", queueId: Queue, agentId: Agent, reason: reason);

        public IncomingEvent Abandoned() => Interaction("abandoned", "interaction.abandoned", queueId: Queue, reason: Get("TaskCanceledReason"));

        public IncomingEvent Ended() => Interaction("ended", "interaction.ended");

        public IncomingEvent WrapupEnded() => Interaction("wrapup-ended", "interaction.wrapup_ended");

        /// <summary>The worker's state from their activity name (the activity map, else away with the name as reason).</summary>
        public IncomingEvent ActivityPresence(string? role)
        {
            var activity = Get("WorkerActivityName")!;
            var state = options.Activities.TryGetValue(activity, out var mapped) ? mapped : "away";
            return Presence(state, role, state == "away" ? activity : null);
        }

        public IncomingEvent Presence(string state, string? role, string? reason = null) =>
            SourceEvent.Presence(SourceKeys.EventId("tw", eventSid, role), OccurredAt!.Value, Agent!, state, reason,
                team: Attribute(Get("WorkerAttributes"), TeamAttribute));

        private IncomingEvent Interaction(string role, string type, string? queueId = null, string? agentId = null, string? reason = null) =>
            SourceEvent.Interaction(SourceKeys.EventId("tw", eventSid, role), type, OccurredAt!.Value, Task!, queueId, agentId, reason);

        private string Channel() =>
            Get("TaskChannelUniqueName") is { } name && Channels.TryGetValue(name, out var channel) ? channel : options.DefaultChannel;

        private string? Customer()
        {
            var attributes = Get("TaskAttributes");
            foreach (var name in CustomerAttributes)
            {
                if (Attribute(attributes, name) is { Length: > 0 } customer)
                {
                    return customer;
                }
            }

            return null;
        }

        /// <summary>A string member of a JSON attributes document (TaskAttributes, WorkerAttributes); null when absent or not JSON.</summary>
        private static string? Attribute(string? json, string name)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? Value(IReadOnlyDictionary<string, string> form, string name) =>
            form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

        /// <summary>TimestampMs (milliseconds since the epoch, on every callback since 2018), else Timestamp (seconds, or ISO 8601).</summary>
        private static DateTimeOffset? ParseTime(IReadOnlyDictionary<string, string> form)
        {
            if (Value(form, "TimestampMs") is { } ms && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
                && millis is > 0 and < 253_402_300_800_000)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(millis);
            }

            if (Value(form, "Timestamp") is not { } timestamp)
            {
                return null;
            }

            if (long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253_402_300_800)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        }
    }
}
