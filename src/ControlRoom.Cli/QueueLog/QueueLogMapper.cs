using System.Globalization;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.QueueLog;

/// <summary>A line's contract event, or why it has none (the name it is counted under).</summary>
public readonly record struct MappedLine(IncomingEvent? Event, string? Skipped)
{
    public static MappedLine Skip(string reason) => new(null, reason);
}

/// <summary>
/// Maps queue_log events (apps/app_queue.c, main/logger.c) to contract events; the table is in
/// docs/sources/asterisk.md. Every call event of one queue visit names the interaction <c>{callid}@{queue}</c>;
/// every event's id comes from the line (<see cref="QueueLogPosition.EventId"/>). Lines with no contract meaning
/// (QUEUESTART, CONFIGRELOAD, DID, INFO, RINGCANCELED, …) are skipped under their event name.
/// </summary>
public sealed class QueueLogMapper(AgentRoster roster)
{
    /// <summary>Asterisk's events that end a wait without an agent, with the abandon reason kept.</summary>
    private static readonly HashSet<string> Abandons = new(StringComparer.Ordinal)
    {
        "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY", "WITHDRAW", "SYSCOMPAT",
    };

    /// <summary>Asterisk's events that end the conversation with the agent of a queue visit.</summary>
    private static readonly HashSet<string> Ends = new(StringComparer.Ordinal)
    {
        "COMPLETECALLER", "COMPLETEAGENT", "BLINDTRANSFER", "ATTENDEDTRANSFER", "TRANSFER",
    };

    public MappedLine Map(QueueLogLine line, string eventId)
    {
        var name = line.Event;
        return name switch
        {
            "ENTERQUEUE" => Call(line, eventId, EventType.InteractionOffered),
            "CONNECT" => Call(line, eventId, EventType.InteractionAnswered),
            "RINGNOANSWER" => Call(line, eventId, EventType.InteractionRingNoAnswer),
            _ when Abandons.Contains(name) => Call(line, eventId, EventType.InteractionAbandoned),
            _ when Ends.Contains(name) => Call(line, eventId, EventType.InteractionEnded),
            "AGENTLOGIN" or "AGENTCALLBACKLOGIN" or "ADDMEMBER" or "REMOVEMEMBER" or "PAUSE" or "UNPAUSE"
                or "PAUSEALL" or "UNPAUSEALL" or "AGENTLOGOFF" or "AGENTCALLBACKLOGOFF" => Presence(line, eventId),
            _ => MappedLine.Skip(name),
        };
    }

    private static MappedLine Call(QueueLogLine line, string eventId, EventType type)
    {
        if (!QueueLogNames.IsCall(line.CallId))
        {
            return MappedLine.Skip($"{line.Event} without a call id");
        }

        if (QueueLogNames.Queue(line.Queue) is not { } queueId)
        {
            return MappedLine.Skip($"{line.Event} without a queue");
        }

        var e = new IncomingEvent
        {
            EventId = eventId,
            Type = type.ToWire(),
            OccurredAt = line.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            InteractionId = QueueLogNames.Interaction(line.CallId, queueId),
            QueueId = queueId,
        };
        switch (type)
        {
            case EventType.InteractionOffered:
                // ENTERQUEUE: url|callerid|position (position since 1.8, the caller's name since 20/21).
                e.Channel = Channel.Voice.ToWire();
                e.CustomerId = Clip(line.DataAt(1), EventValidator.MaxIdLength);
                break;
            case EventType.InteractionAnswered or EventType.InteractionRingNoAnswer:
                if (QueueLogNames.Agent(line.Agent) is not { } agentId)
                {
                    return MappedLine.Skip($"{line.Event} without an agent");
                }

                e.AgentId = agentId;
                if (type == EventType.InteractionRingNoAnswer)
                {
                    e.RingSeconds = RingSeconds(line.DataAt(0));
                }

                break;
            default:
                e.Reason = Clip(Reason(line), EventValidator.MaxReasonLength);
                break;
        }

        return new MappedLine(e, null);
    }

    /// <summary>The outcome as Asterisk named it, with what it said about it (the key pressed, where a transfer went).</summary>
    private static string Reason(QueueLogLine line) => line.Event switch
    {
        "EXITWITHKEY" => $"EXITWITHKEY {line.DataAt(0)}",
        "BLINDTRANSFER" or "TRANSFER" => $"{line.Event} {line.DataAt(0)}@{line.DataAt(1)}",
        "ATTENDEDTRANSFER" => $"ATTENDEDTRANSFER {line.DataAt(0)}",
        _ => line.Event,
    };

    /// <summary>RINGNOANSWER's data is the ring time in milliseconds; absent or out of bounds, the event goes without it.</summary>
    private static double? RingSeconds(string milliseconds) =>
        long.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms / 1000.0 <= EventValidator.MaxRingSeconds
            ? ms / 1000.0
            : null;

    private MappedLine Presence(QueueLogLine line, string eventId)
    {
        if (QueueLogNames.Agent(line.Agent) is not { } agentId)
        {
            return MappedLine.Skip($"{line.Event} without an agent");
        }

        var seat = roster.Seat(agentId);
        var queueId = QueueLogNames.Queue(line.Queue);
        string? reason = null;
        switch (line.Event)
        {
            case "ADDMEMBER":
                if (queueId is not null && seat.Queues.BinarySearch(queueId, StringComparer.Ordinal) is var at and < 0)
                {
                    seat.Queues.Insert(~at, queueId);
                }

                // One state per agent: the latest presence line wins, here whether the member joined paused.
                seat.Paused = line.DataAt(0) == "PAUSED";
                seat.Offline = false;
                break;
            case "REMOVEMEMBER":
                if (queueId is not null)
                {
                    seat.Queues.Remove(queueId);
                }

                seat.Offline = seat.Queues.Count == 0;
                break;
            case "PAUSE" or "PAUSEALL":
                seat.Paused = true;
                seat.Offline = false;
                reason = line.DataAt(0);
                break;
            case "UNPAUSE" or "UNPAUSEALL" or "AGENTLOGIN" or "AGENTCALLBACKLOGIN":
                seat.Paused = false;
                seat.Offline = false;
                break;
            default: // AGENTLOGOFF, AGENTCALLBACKLOGOFF
                seat.Offline = true;
                break;
        }

        var state = seat.Offline ? AgentState.Offline : seat.Paused ? AgentState.Away : AgentState.Available;
        return new MappedLine(new IncomingEvent
        {
            EventId = eventId,
            Type = EventType.AgentStateChanged.ToWire(),
            OccurredAt = line.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            AgentId = agentId,
            State = state.ToWire(),
            Reason = state == AgentState.Away ? Clip(reason ?? "", EventValidator.MaxReasonLength) : null,
            QueueIds = state != AgentState.Offline && seat.Queues.Count > 0 ? [.. seat.Queues] : null,
        }, null);
    }

    private static string? Clip(string text, int max) => text.Length == 0 ? null : text.Length <= max ? text : text[..max];
}
