using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ControlRoom.Host.Tests.Localisation;

/// <summary>Every text exists in English and in Italian, with the same placeholders: a key missing in either language fails here.</summary>
public sealed partial class ResourceParityTests
{
    private static readonly string Resources = Path.Combine(RepositoryPaths.Root, "src", "ControlRoom.Host", "Resources");

    internal static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    [Fact]
    public void EveryKey_IsInBothLanguages()
    {
        var english = Read("UiText.resx");
        var italian = Read("UiText.it.resx");

        english.Keys.Except(italian.Keys).Should().BeEmpty("these English texts have no Italian");
        italian.Keys.Except(english.Keys).Should().BeEmpty("these Italian texts have no English");
    }

    [Fact]
    public void EveryText_HasWords_AndTheSamePlaceholdersInBothLanguages()
    {
        var english = Read("UiText.resx");
        var italian = Read("UiText.it.resx");

        foreach (var (key, text) in english.Where(e => italian.ContainsKey(e.Key)))
        {
            text.Should().NotBeNullOrWhiteSpace(key);
            italian[key].Should().NotBeNullOrWhiteSpace(key);
            Placeholders(italian[key]).Should().BeEquivalentTo(Placeholders(text), $"the Italian of {key} must fill the same values");
        }
    }

    private static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["index"].Value).Distinct().Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\{(?<index>\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
