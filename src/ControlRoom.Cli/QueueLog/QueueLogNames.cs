using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.QueueLog;

/// <summary>
/// Turns queue_log's names into the contract's keys (<c>[A-Za-z0-9_.-]{1,64}</c>) and interaction ids, always the
/// same way, so every line about one agent or queue lands on the same key.
/// </summary>
/// <remarks>
/// An agent appears as a member name (<c>201</c>, <c>Mario Rossi</c>), an interface (<c>PJSIP/201</c>,
/// <c>SIP/201</c>, <c>Local/201@from-queue/n</c>, <c>Agent/1001</c>) or, in old versions, a channel
/// (<c>SIP/201-0000001a</c>). An interface or channel becomes its extension: the technology prefix, the
/// <c>@context</c>, a <c>;1</c>/<c>/n</c> tail and a channel's <c>-xxxxxxxx</c> sequence number are dropped. Then,
/// for any name: accents are dropped (<c>Niccolò</c> → <c>Niccolo</c>), every other character outside the pattern
/// becomes <c>_</c> (<c>Mario Rossi</c> → <c>Mario_Rossi</c>), and a name longer than 64 keeps its first 55
/// characters and a hash of the whole.
/// </remarks>
public static class QueueLogNames
{
    public const string None = "NONE";

    /// <summary>The agent key, or null when the line names none.</summary>
    public static string? Agent(string raw)
    {
        var name = raw.Trim();
        if (name.Length == 0 || name == None)
        {
            return null;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var extension = name[(slash + 1)..];
            extension = CutAt(CutAt(CutAt(extension, '@'), ';'), '/');
            if (extension.Length > 9 && extension[^9] == '-' && extension[^8..].All(char.IsAsciiHexDigit))
            {
                extension = extension[..^9];
            }

            name = extension.Length > 0 ? extension : name;
        }

        return Key(name);
    }

    /// <summary>The queue key, or null for <c>NONE</c>.</summary>
    public static string? Queue(string raw)
    {
        var name = raw.Trim();
        return name.Length == 0 || name == None ? null : Key(name);
    }

    /// <summary>
    /// One queue visit of a call: Asterisk's callid (the caller channel's uniqueid) and the queue. A call that times
    /// out of one queue into another, or is transferred to another queue, keeps its uniqueid; each queue counts its
    /// own visit.
    /// </summary>
    public static string Interaction(string callId, string queueId)
    {
        var id = $"{callId}@{queueId}";
        return id.Length <= EventValidator.MaxIdLength ? id : $"{Hash(callId, 16)}@{queueId}";
    }

    /// <summary>True when the callid names a caller (a uniqueid), not a placeholder of a membership change.</summary>
    public static bool IsCall(string callId) =>
        callId.Length > 0 && callId is not (None or "REALTIME" or "MANAGER" or "CLI") && !string.IsNullOrWhiteSpace(callId);

    /// <summary>Any text as a contract key; null when nothing of it is left.</summary>
    public static string? Key(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        var key = builder.ToString();
        if (key.Length == 0 || key.All(c => c == '_'))
        {
            return null;
        }

        return key.Length <= EventValidator.MaxKeyLength ? key : $"{key[..55]}-{Hash(text, 8)}";
    }

    /// <summary>The first <paramref name="hexDigits"/> hex digits of the text's SHA-256: stable across runs and machines.</summary>
    public static string Hash(string text, int hexDigits) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..hexDigits];

    private static string CutAt(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at >= 0 ? text[..at] : text;
    }
}
