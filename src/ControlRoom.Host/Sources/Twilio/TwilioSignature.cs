using System.Security.Cryptography;
using System.Text;

namespace ControlRoom.Host.Sources.Twilio;

/// <summary>
/// Twilio's request validation: <c>X-Twilio-Signature</c> is the base64 HMAC-SHA1, keyed by the account's auth
/// token, of the full URL followed by every POST parameter sorted by name, each name directly followed by its value.
/// Twilio's own validators also accept the URL with the scheme's default port added or any port removed, because
/// Twilio's side is not consistent about it; so does this one.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what Twilio signs with; the choice is theirs, not ours.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static bool IsValid(string authToken, string url, IReadOnlyList<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            // Every variant is computed and compared in full, so the time taken says nothing about which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(Compute(authToken, candidate, parameters)));
        }

        return valid;
    }

    /// <summary>The URL as given, without its port, and with the scheme's default port (the variants Twilio's helpers try).</summary>
    public static IReadOnlyList<string> UrlVariants(string url)
    {
        var variants = new List<string> { url };
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return variants;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var portColon = authority.LastIndexOf(':');
        var hasPort = portColon > hostStart && portColon > authority.LastIndexOf(']') && authority[(portColon + 1)..].All(char.IsAsciiDigit);
        string changed;
        if (hasPort)
        {
            changed = authority[..portColon];
        }
        else
        {
            var scheme = url[..schemeEnd];
            var port = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? 80 : 0;
            if (port == 0)
            {
                return variants;
            }

            changed = $"{authority}:{port}";
        }

        variants.Add(string.Concat(url.AsSpan(0, authorityStart), changed, url.AsSpan(authorityEnd)));
        return variants;
    }
}
