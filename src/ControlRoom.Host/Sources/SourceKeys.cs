using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Host.Sources;

/// <summary>
/// Turns a platform's names and ids into the contract's keys, event ids and timestamps, always the same way, so a
/// platform's retry of a delivery produces the same events and ingest counts them as duplicates.
/// </summary>
public static class SourceKeys
{
    private const int HashChars = 32;

    /// <summary>
    /// A queue or agent key (<c>[A-Za-z0-9_.-]{1,64}</c>) from a platform name: accents dropped ("Qualità" →
    /// "Qualita"), every other character outside the set becomes '-', and a name too long keeps its start plus a
    /// hash of the whole so two long names never meet. Null when nothing usable is left.
    /// </summary>
    public static string? Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim();
        if (EventValidator.IsValidKey(trimmed))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var key = builder.ToString().Trim('-');
        if (key.Length > EventValidator.MaxKeyLength)
        {
            key = string.Concat(key.AsSpan(0, EventValidator.MaxKeyLength - 9), "-", Hash(trimmed).AsSpan(0, 8));
        }

        return key.Length == 0 ? null : key;
    }

    /// <summary>An event id from its parts; one longer than the contract allows becomes the prefix plus a hash of the parts.</summary>
    public static string EventId(string prefix, params string?[] parts)
    {
        var id = string.Join('-', parts.Prepend(prefix).Where(p => !string.IsNullOrEmpty(p)));
        return id.Length <= EventValidator.MaxIdLength ? id : $"{prefix}-{Hash(id)}";
    }

    /// <summary>A stable hex digest (not a secret: only a short, collision-free stand-in for long text).</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..HashChars];

    /// <summary>RFC 3339 in UTC with milliseconds, the form the contract's validator reads.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Text cut to <paramref name="max"/> characters, or null when empty.</summary>
    public static string? Clip(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];
}
