using System.Globalization;

namespace ControlRoom.Host.Components;

/// <summary>
/// The culture a page was opened in. Renders caused by live events run on the event's thread context, which knows
/// nothing of the page's language: handlers put the page's culture back before they render.
/// </summary>
public readonly record struct PageCulture(CultureInfo Culture, CultureInfo UiCulture)
{
    public static PageCulture Current => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UiCulture;
    }
}
