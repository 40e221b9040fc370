using System.Globalization;
using System.Resources;

namespace ControlRoom.Host.Resources;

/// <summary>
/// The UI texts for code that has no localizer at hand (request validation shared by the API and the pages,
/// problem documents): the same resource files, in the current UI culture — the page's language in a circuit,
/// the <c>Accept-Language</c> (or the language cookie) of an API request.
/// </summary>
public static class UiMessages
{
    private static readonly ResourceManager Texts = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var format = Texts.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return args.Length == 0 ? format : string.Format(CultureInfo.CurrentCulture, format, args);
    }
}
