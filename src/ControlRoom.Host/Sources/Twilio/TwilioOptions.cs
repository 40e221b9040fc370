using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources.Twilio;

/// <summary><c>Sources:Twilio</c>: the TaskRouter event callback endpoint; off while <see cref="AuthToken"/> is unset.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Sources:Twilio";

    /// <summary>The account's auth token, the key of <c>X-Twilio-Signature</c>.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The URL exactly as configured as the Workspace's Event Callback URL. Twilio signs that URL; behind a proxy or
    /// a load balancer the host sees another one, so set it there. Unset: the URL of the request as it arrived.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Queue and agent keys from TaskQueueSid and WorkerSid instead of their friendly names.</summary>
    public bool UseSids { get; set; }

    /// <summary>The channel of a task whose TaskChannelUniqueName is not one ControlRoom knows.</summary>
    public string DefaultChannel { get; set; } = "voice";

    /// <summary>Worker activity name (case-insensitive) → agent state; an activity not listed is <c>away</c>, with its name as reason.</summary>
    public Dictionary<string, string> Activities { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Available"] = "available",
        ["Offline"] = "offline",
        ["Unavailable"] = "away",
        ["Break"] = "away",
    };

    public bool Enabled => !string.IsNullOrEmpty(AuthToken);

    public IEnumerable<string> Problems()
    {
        if (!EventWireNames.TryParseChannel(DefaultChannel, out _))
        {
            yield return $"{Section}:DefaultChannel '{DefaultChannel}' is not a contract channel";
        }

        foreach (var (activity, state) in Activities)
        {
            if (!EventWireNames.TryParseState(state, out _))
            {
                yield return $"{Section}:Activities:{activity} '{state}' is not one of offline, available, busy, wrapup, away";
            }
        }

        if (PublicUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return $"{Section}:PublicUrl '{url}' is not an absolute URL";
        }
    }
}
