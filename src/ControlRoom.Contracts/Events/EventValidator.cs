using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlRoom.Contracts.Events;

/// <summary>Turns an <see cref="IncomingEvent"/> into a <see cref="ContactEvent"/> or the list of what is wrong with it.</summary>
public static partial class EventValidator
{
    public const int MaxIdLength = 128;
    public const int MaxKeyLength = 64;
    public const int MaxAttributes = 32;
    public const int MaxAttributeLength = 256;
    public const int MaxReasonLength = 256;

    /// <summary>No phone rings at an agent for an hour: a larger <c>ringSeconds</c> is a unit mistake (milliseconds).</summary>
    public const double MaxRingSeconds = 3600;

    /// <summary>
    /// A key names a queue or an agent and becomes a URL segment (<c>/api/queues/{id}</c>): ids made only of dots
    /// would be read as <c>.</c> and <c>..</c> path segments, so they could be written but never read.
    /// </summary>
    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    public const string KeyRule = "1-64 characters of [A-Za-z0-9_.-], not only dots";

    public static bool IsValidKey(string? value) => value is not null && KeyPattern().IsMatch(value);

    /// <summary>Validates without a time window (tools checking a file of recorded history).</summary>
    public static ContactEvent? Validate(IncomingEvent e, List<string> errors) => Validate(e, errors, window: null);

    /// <summary>Validates, and with a <paramref name="window"/> also refuses an <c>occurredAt</c> outside it.</summary>
    public static ContactEvent? Validate(IncomingEvent e, List<string> errors, OccurredAtWindow? window)
    {
        var start = errors.Count;
        RequireId(e.EventId, "eventId", errors);
        var typeKnown = EventWireNames.TryParseType(e.Type, out var type);
        if (!typeKnown)
        {
            errors.Add(e.Type is null
                ? "type is required"
                : $"type '{Clip(e.Type)}' is not one of {string.Join(", ", EventWireNames.AllTypes)}");
        }

        var occurredAt = ParseTimestamp(e.OccurredAt, errors);
        if (occurredAt is { } at && window?.Check(at) is { } outside)
        {
            errors.Add(outside);
        }

        var channel = ParseChannel(e.Channel, required: typeKnown && type is EventType.InteractionOffered, errors);
        var state = ParseState(e.State, required: typeKnown && type is EventType.AgentStateChanged, errors);

        if (typeKnown && type is not EventType.AgentStateChanged)
        {
            RequireId(e.InteractionId, "interactionId", errors);
        }

        CheckKey(e.QueueId, "queueId", typeKnown && type is EventType.InteractionOffered or EventType.InteractionTransferred, errors);
        CheckKey(e.ToQueueId, "toQueueId", typeKnown && type is EventType.InteractionTransferred, errors);
        CheckKey(e.AgentId, "agentId", typeKnown && type is EventType.InteractionAnswered or EventType.AgentStateChanged or EventType.InteractionRingNoAnswer, errors);

        if (typeKnown && type is EventType.InteractionResolved && e.FirstContact is null)
        {
            errors.Add("firstContact (true or false) is required for interaction.resolved");
        }

        if (typeKnown && type is EventType.SurveyCompleted && e.Csat is null && e.Nps is null)
        {
            errors.Add("survey.completed needs csat (1-5) or nps (0-10)");
        }

        if (e.Csat is { } csat && csat is < 1 or > 5)
        {
            errors.Add($"csat {csat} is outside 1-5");
        }

        if (e.Nps is { } nps && nps is < 0 or > 10)
        {
            errors.Add($"nps {nps} is outside 0-10");
        }

        if (e.RingSeconds is { } ring && !(ring >= 0 && ring <= MaxRingSeconds))
        {
            errors.Add($"ringSeconds {ring.ToString(CultureInfo.InvariantCulture)} is outside 0-{MaxRingSeconds.ToString(CultureInfo.InvariantCulture)}");
        }

        if (e.Reason is { Length: > MaxReasonLength })
        {
            errors.Add($"reason is longer than {MaxReasonLength} characters");
        }

        if (e.CustomerId is { Length: > MaxIdLength })
        {
            errors.Add($"customerId is longer than {MaxIdLength} characters");
        }
        else if (HasControlCharacter(e.CustomerId))
        {
            errors.Add("customerId contains control characters");
        }

        if (e.Attributes is { } attributes && (attributes.Count > MaxAttributes
            || attributes.Any(a => a.Key.Length > MaxKeyLength || (a.Value?.Length ?? 0) > MaxAttributeLength)))
        {
            errors.Add($"attributes is limited to {MaxAttributes} entries, keys of {MaxKeyLength} and values of {MaxAttributeLength} characters");
        }

        if (e.QueueIds is { } queueIds && (queueIds.Count > 100 || queueIds.Any(q => !IsValidKey(q))))
        {
            errors.Add($"queueIds must be at most 100 ids of {KeyRule}");
        }

        if (errors.Count > start)
        {
            return null;
        }

        return new ContactEvent(e.EventId!, type, occurredAt!.Value)
        {
            InteractionId = e.InteractionId,
            QueueId = e.QueueId,
            Channel = channel,
            AgentId = e.AgentId,
            ToQueueId = e.ToQueueId,
            State = state,
            Reason = e.Reason,
            FirstContact = e.FirstContact,
            Csat = e.Csat,
            Nps = e.Nps,
            Priority = e.Priority,
            CustomerId = e.CustomerId,
            Attributes = e.Attributes,
            QueueIds = e.QueueIds?.Distinct(StringComparer.Ordinal).ToArray(),
            RingSeconds = e.RingSeconds,
        };
    }

    private static Channel? ParseChannel(string? value, bool required, List<string> errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add("channel is required for interaction.offered");
            }

            return null;
        }

        if (EventWireNames.TryParseChannel(value, out var channel))
        {
            return channel;
        }

        errors.Add($"channel '{Clip(value)}' is not one of voice, chat, email, social, messaging, callback");
        return null;
    }

    private static AgentState? ParseState(string? value, bool required, List<string> errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add("state is required for agent.state_changed");
            }

            return null;
        }

        if (EventWireNames.TryParseState(value, out var state))
        {
            return state;
        }

        errors.Add($"state '{Clip(value)}' is not one of offline, available, busy, wrapup, away");
        return null;
    }

    /// <summary>RFC 3339 with an explicit offset (Z or ±hh:mm); a local time without offset is ambiguous.</summary>
    private static DateTimeOffset? ParseTimestamp(string? value, List<string> errors)
    {
        if (value is null)
        {
            errors.Add("occurredAt is required");
            return null;
        }

        var hasOffset = value.Length > 10 && (value.EndsWith('Z') || value.EndsWith('z')
            || value[^6] is '+' or '-' && value[^3] == ':');
        if (!hasOffset || value.Length < 20 || value[10] is not ('T' or 't' or ' ')
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            errors.Add($"occurredAt '{Clip(value)}' is not an RFC 3339 timestamp with offset (e.g. 2026-11-22T09:15:00+01:00)");
            return null;
        }

        return parsed;
    }

    private static void RequireId(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} is required");
        }
        else if (value.Length > MaxIdLength)
        {
            errors.Add($"{name} is longer than {MaxIdLength} characters");
        }
        else if (HasControlCharacter(value))
        {
            // A control character (a NUL, a line break, an escape) in an id breaks logs, CSV exports and terminals.
            errors.Add($"{name} contains control characters");
        }
    }

    /// <summary>C0 controls, DEL and C1 controls: what <see cref="char.IsControl(char)"/> calls control.</summary>
    private static bool HasControlCharacter(string? value) =>
        value is not null && (value.AsSpan().ContainsAnyInRange('\0', '\x1f') || value.AsSpan().ContainsAnyInRange('\x7f', '\x9f'));

    private static void CheckKey(string? value, string name, bool required, List<string> errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add($"{name} is required");
            }
        }
        else if (!IsValidKey(value))
        {
            errors.Add($"{name} '{Clip(value)}' must be {KeyRule}");
        }
    }

    /// <summary>A value quoted back in an error: at most 40 characters, control characters shown as '?'.</summary>
    private static string Clip(string value)
    {
        var clipped = value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
        return HasControlCharacter(clipped) ? string.Create(clipped.Length, clipped, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        }) : clipped;
    }
}
