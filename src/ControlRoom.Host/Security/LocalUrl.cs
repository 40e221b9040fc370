using System.Text;

namespace ControlRoom.Host.Security;

/// <summary>
/// Return addresses (<c>returnUrl</c> of sign-in and of the language switch): only a path of this site, so no link
/// can send a signed-in person elsewhere. The rule is the framework's own <c>IsLocalUrl</c> (a <c>/</c> not
/// followed by <c>/</c> or <c>\</c>, no control characters), so <c>LocalRedirect</c> never refuses the result (that
/// refusal was a 500); what is not local becomes <c>/</c>.
/// </summary>
public static class LocalUrl
{
    public static string OrRoot(string? returnUrl)
    {
        if (returnUrl is not { Length: > 0 } || returnUrl[0] != '/'
            || (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\')
            || returnUrl.Any(char.IsControl))
        {
            return "/";
        }

        // A header carries ASCII only: anything else (an accented team name in a query) is sent percent-encoded.
        return returnUrl.All(c => c is > ' ' and < (char)0x7f) ? returnUrl : Encode(returnUrl);
    }

    private static string Encode(string url)
    {
        var encoded = new StringBuilder(url.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7f)
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
