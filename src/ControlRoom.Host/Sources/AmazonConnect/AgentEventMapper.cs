using System.Text.Json;
using ControlRoom.Contracts.Events;
using static ControlRoom.Host.Sources.AmazonConnect.ConnectJson;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// Maps one agent event stream record (AgentEvent: LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT) to contract events: the
/// agent's presence, and what the snapshots say about the queued contacts routed to the agent (answered, ended,
/// after-contact work finished, missed). Event ids come from the record's EventId and from the contacts' own ids and
/// times, so the same fact seen in two successive snapshots, or also in a contact event, is counted once.
/// </summary>
internal sealed class AgentEventMapper(AmazonConnectOptions options, ConnectNames names)
{
    private const int MaxQueueIds = 100;

    public SourceMapping Map(JsonElement record)
    {
        var type = Text(record, "EventType");
        if (type is "HEART_BEAT")
        {
            return SourceMapping.Ignore("HEART_BEAT repeats the agent's state");
        }

        if (type is not ("LOGIN" or "LOGOUT" or "STATE_CHANGE"))
        {
            return SourceMapping.Ignore($"agent event {SourceKeys.Clip(type, 40)} carries nothing ControlRoom counts");
        }

        if (names.Agent(Text(record, "AgentARN")) is not { } agent)
        {
            return SourceMapping.Fail("agent event without AgentARN");
        }

        if (Time(record, "EventTimestamp") is not { } at)
        {
            return SourceMapping.Fail("agent event without a valid EventTimestamp");
        }

        var eventId = SourceKeys.EventId("ac", Text(record, "EventId") ?? SourceKeys.Hash(record.GetRawText()));
        var current = Member(record, "CurrentAgentSnapshot");
        if (type == "LOGOUT")
        {
            return SourceMapping.Of(SourceEvent.Presence(eventId, at, agent, "offline", team: Team(current)));
        }

        var previous = Member(record, "PreviousAgentSnapshot");
        var events = new List<IncomingEvent> { Presence(eventId, at, agent, current) };
        var previousContacts = Contacts(previous).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var currentIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contact in Contacts(current))
        {
            currentIds.Add(contact.Id);
            previousContacts.TryGetValue(contact.Id, out var before);
            events.AddRange(ContactFacts(contact, before, agent));
        }

        foreach (var gone in previousContacts.Values.Where(c => !currentIds.Contains(c.Id) && c.IsQueued))
        {
            // Cleared from the agent: after-contact work is over (and the conversation with it, when ACW was skipped).
            if (gone.State is "CONNECTED" or "CONNECTED_ONHOLD")
            {
                events.Add(SourceEvent.Interaction(Fact(gone, "ended"), "interaction.ended", at, gone.Id));
            }

            if (gone.State is "CONNECTED" or "CONNECTED_ONHOLD" or "ENDED")
            {
                events.Add(SourceEvent.Interaction(Fact(gone, "wrapup-ended"), "interaction.wrapup_ended", at, gone.Id));
            }
        }

        return new SourceMapping(events);
    }

    /// <summary>
    /// The agent's state: on a contact (connected or on hold) busy, in after-contact work (a contact ENDED and not yet
    /// cleared) wrap-up, otherwise their status in the CCP through the status map; offline always wins.
    /// </summary>
    private IncomingEvent Presence(string eventId, DateTimeOffset at, string agent, JsonElement? snapshot)
    {
        var statusName = Text(Member(snapshot, "AgentStatus"), "Name");
        var status = statusName is null ? "offline" : options.Statuses.TryGetValue(statusName, out var mapped) ? mapped : "away";
        var contactStates = Contacts(snapshot).Select(c => c.State).ToList();
        var state = status == "offline" ? status
            : contactStates.Any(s => s is "CONNECTED" or "CONNECTED_ONHOLD") ? "busy"
            : contactStates.Contains("ENDED") ? "wrapup"
            : status;
        var queueIds = Items(Member(Member(snapshot, "Configuration"), "RoutingProfile"), "InboundQueues")
            .Where(q => !ConnectNames.IsAgentQueue(Text(q, "ARN")))
            .Select(q => names.Queue(q))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(MaxQueueIds)
            .ToList();
        return SourceEvent.Presence(eventId, at, agent, state, reason: state == "away" ? statusName : null, team: Team(snapshot),
            queueIds: queueIds.Count > 0 ? queueIds : null);
    }

    /// <summary>What one contact in the current snapshot says: its queue entry, its answer, its end, or that it was missed.</summary>
    private IEnumerable<IncomingEvent> ContactFacts(SnapshotContact contact, SnapshotContact? before, string agent)
    {
        if (!contact.IsQueued)
        {
            yield break;
        }

        if (contact.Queue is { } queue)
        {
            foreach (var entry in SourceEvent.QueueEntry(ConnectNames.QueueEntryId(contact.Id, queue), contact.QueuedAt!.Value, contact.Id, queue, contact.Channel, null))
            {
                yield return entry;
            }
        }

        if (contact.ConnectedAt is { } connected)
        {
            yield return SourceEvent.Interaction(Fact(contact, "answered"), "interaction.answered", connected, contact.Id, contact.Queue, agent);
        }

        if (contact.State == "ENDED" && contact.StateAt is { } endedAt)
        {
            yield return SourceEvent.Interaction(Fact(contact, "ended"), "interaction.ended", endedAt, contact.Id);
        }

        if (contact.State is "MISSED" or "REJECTED" && contact.StateAt is { } missedAt)
        {
            // How long it rang: from when the previous snapshot showed it arriving at the agent.
            double? rang = before is { State: "INCOMING" or "PENDING" or "CONNECTING", StateAt: { } ringing } && ringing <= missedAt
                && (missedAt - ringing).TotalSeconds <= EventValidator.MaxRingSeconds
                ? Math.Round((missedAt - ringing).TotalSeconds, 3)
                : null;
            yield return SourceEvent.Interaction(SourceKeys.EventId("ac", contact.Id, "rona", agent, missedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "interaction.ring_no_answer", missedAt, contact.Id, contact.Queue, agent, contact.State.ToLowerInvariant(), rang);
        }
    }

    private static string Fact(SnapshotContact contact, string fact) => ConnectNames.FactId(contact.Id, fact);

    private IEnumerable<SnapshotContact> Contacts(JsonElement? snapshot)
    {
        foreach (var contact in Items(snapshot, "Contacts"))
        {
            if (Text(contact, "ContactId") is { } id)
            {
                var method = Text(contact, "InitiationMethod");
                var queue = Member(contact, "Queue");
                yield return new SnapshotContact(id, Text(contact, "State")?.ToUpperInvariant() ?? "", Time(contact, "StateStartTimestamp"),
                    Time(contact, "QueueTimestamp"), Time(contact, "ConnectedToAgentTimestamp"),
                    ConnectNames.IsOutbound(method) ? null : names.Queue(queue), ConnectNames.Channel(Text(contact, "Channel"), method),
                    !ConnectNames.IsOutbound(method));
            }
        }
    }

    /// <summary>The agent's team: the name of the deepest level of their hierarchy group (Level5 … Level1).</summary>
    private static string? Team(JsonElement? snapshot)
    {
        var groups = Member(Member(snapshot, "Configuration"), "AgentHierarchyGroups");
        for (var level = 5; level >= 1; level--)
        {
            if (Text(Member(groups, $"Level{level}"), "Name") is { } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <param name="IsQueued">Not an outbound call: a contact of the queues, whose facts count.</param>
    private sealed record SnapshotContact(string Id, string State, DateTimeOffset? StateAt, DateTimeOffset? QueuedAt,
        DateTimeOffset? ConnectedAt, string? QueueKey, string Channel, bool IsQueued)
    {
        /// <summary>The queue, when the contact waited in one (a queue time is known).</summary>
        public string? Queue => QueuedAt is null ? null : QueueKey;
    }
}
