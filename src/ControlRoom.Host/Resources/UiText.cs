using ControlRoom.Domain.Rules;
using Microsoft.Extensions.Localization;

namespace ControlRoom.Host.Resources;

/// <summary>Anchor of the UI texts: <c>UiText.resx</c> (English, the fallback) and <c>UiText.it.resx</c> (Italian).</summary>
public sealed class UiText;

public static class UiTextExtensions
{
    /// <summary>A metric's name in the page's language; a metric a rule invented and nobody translated shows as it is.</summary>
    public static string Metric(this IStringLocalizer<UiText> text, string metric)
    {
        var name = text["Metric_" + metric];
        return name.ResourceNotFound ? metric : name.Value;
    }

    /// <summary>
    /// A runbook in the page's language: a default rule's runbook (recognised by its English text) from the resources;
    /// any other text, an admin's own, as written.
    /// </summary>
    public static string? Runbook(this IStringLocalizer<UiText> text, string? runbook) =>
        DefaultRules.RunbookKey(runbook) is { } key && text[key] is { ResourceNotFound: false } localized ? localized.Value : runbook;
}
