using System.Text;
using System.Text.RegularExpressions;

namespace ControlRoom.Host.Tests.Localisation;

/// <summary>
/// A pragmatic check, not a parser: the text people read on the pages comes from the resource files. It strips a
/// component's code, Razor expressions and C# statements, and fails on any word left between tags or in a visible
/// attribute (title, aria-label, placeholder, alt, label) of a .razor file.
/// </summary>
public sealed partial class RazorTextTests
{
    private static readonly string Components = Path.Combine(RepositoryPaths.Root, "src", "ControlRoom.Host", "Components");

    /// <summary>Words that are the same in every language: the product's name, the development password, example ids.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "ControlRoom", "controlroom", "client-acme", "queue-a, queue-b", "P(wait)",
    };

    public static TheoryData<string> RazorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Components, "*.razor", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Components, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RazorFiles))]
    public void Page_ShowsNoLiteralText(string file)
    {
        var markup = Markup(File.ReadAllText(Path.Combine(Components, file)));

        Literals(markup).Should().BeEmpty($"{file} should take its texts from UiText.resx");
    }

    [Fact]
    public void TheCheck_FindsTextWrittenIntoAPage()
    {
        var markup = Markup("""
            @inject IStringLocalizer<UiText> T
            <h1>@T["Title"]</h1>
            @if (x) { var y = 1; <p>Queue full</p> }
            <button title="Close it" aria-label="@T["Close"]">@T["Close"]</button>
            @code { private string Hidden => "not markup"; }
            """);

        Literals(markup).Should().BeEquivalentTo("Queue full", "Close it");
    }

    /// <summary>The markup of a component: no code block, comments, styles, scripts or directive lines.</summary>
    private static string Markup(string razor)
    {
        var code = razor.IndexOf("@code", StringComparison.Ordinal);
        var text = code >= 0 ? razor[..code] : razor;
        text = RazorComment().Replace(text, " ");
        text = HtmlComment().Replace(text, " ");
        text = StyleOrScript().Replace(text, " ");
        text = Directive().Replace(text, "");
        return RemoveExpressions(text);
    }

    private static IEnumerable<string> Literals(string markup)
    {
        foreach (Match between in TextBetweenTags().Matches(markup))
        {
            foreach (var line in between.Groups["text"].Value.Split('\n'))
            {
                var words = Statement().Replace(line, "").Trim(' ', '\t', '\r', '·', '-', ':', '(', ')');
                if (Letter().IsMatch(words) && !Allowed.Contains(words))
                {
                    yield return words;
                }
            }
        }

        foreach (Match attribute in VisibleAttribute().Matches(markup))
        {
            var value = attribute.Groups["value"].Value.Trim();
            if (Letter().IsMatch(value) && !Allowed.Contains(value))
            {
                yield return value;
            }
        }
    }

    /// <summary>Removes <c>@x</c>, <c>@x.y[z](w)</c>, <c>@(…)</c> and <c>@{…}</c>, and the control keywords with their conditions.</summary>
    private static string RemoveExpressions(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '@' || (i + 1 < text.Length && text[i + 1] == '@'))
            {
                result.Append(text[i]);
                continue;
            }

            i++;
            if (i < text.Length && (text[i] == '(' || text[i] == '{'))
            {
                i = SkipBalanced(text, i) - 1;
                continue;
            }

            // An identifier chain: member access, indexers and calls; control keywords take their parenthesised condition.
            while (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]) || text[i] == '_' || (text[i] == '.' && i + 1 < text.Length && char.IsLetter(text[i + 1])))
                {
                    i++;
                }
                else if (text[i] == '?' && i + 2 < text.Length && text[i + 1] == '.' && char.IsLetter(text[i + 2]))
                {
                    i += 2;
                }
                else if (text[i] == '[' || text[i] == '(')
                {
                    i = SkipBalanced(text, i);
                }
                else if (text[i] == ' ' && i + 1 < text.Length && text[i + 1] == '(')
                {
                    i = SkipBalanced(text, i + 1);
                }
                else
                {
                    break;
                }
            }

            i--;
        }

        return result.ToString();
    }

    private static int SkipBalanced(string text, int open)
    {
        var (opening, closing) = text[open] switch { '(' => ('(', ')'), '[' => ('[', ']'), _ => ('{', '}') };
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                i = text.IndexOf('"', i + 1);
                if (i < 0)
                {
                    return text.Length;
                }

                continue;
            }

            if (text[i] == opening)
            {
                depth++;
            }
            else if (text[i] == closing && --depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex(@"^\s*@(page|inject|using|attribute|implements|inherits|layout|rendermode|typeparam|namespace)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@">(?<text>[^<>]*)<")]
    private static partial Regex TextBetweenTags();

    /// <summary>What is left of C# between tags: statements (ending in ;), braces, else, and HTML entities.</summary>
    [GeneratedRegex(@"^\s*(else(\s+if\s*\(.*\))?|if\s*\(.*\)|var\s.*;|[^;]*;\s*$)|[{}]|&[a-z]+;|&#\d+;")]
    private static partial Regex Statement();

    [GeneratedRegex(@"\b(title|aria-label|placeholder|alt|label)=""(?<value>[^""@]*)""")]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Letter();
}
