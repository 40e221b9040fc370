using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ControlRoom.Staffing.Tests;

/// <summary>
/// The README's planner examples, read from the README itself and sent as curl would send them, against a room
/// whose simulator has just started: a fresh <c>dotnet run</c>. An example naming an agent or a queue the simulator
/// does not have fails here, not in a reader's terminal.
/// </summary>
public sealed partial class ReadmeExamplesTests(SimulatedRoomHost host) : IClassFixture<SimulatedRoomHost>
{
    [Fact]
    public async Task PlannerExamples_RunAgainstAFreshRoom()
    {
        var examples = Curls(Section(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")), "## For workforce planners"));
        examples.Should().HaveCountGreaterThanOrEqualTo(9);
        await SimulatorStartedAsync(examples);
        using var key = host.ApiClient();
        using var planner = await host.SignInAsync("planner");

        string? rerouteId = null;
        var answers = new List<(Curl Example, int Status, JsonElement Body)>();
        foreach (var example in examples)
        {
            using var request = new HttpRequestMessage(example.Body is null && !example.Post ? HttpMethod.Get : HttpMethod.Post,
                example.Path.Replace("{rerouteId}", rerouteId, StringComparison.Ordinal));
            if (example.Body is { } body)
            {
                request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            }

            using var response = await (example.Cookie ? planner : key).SendAsync(request);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            answers.Add((example, (int)response.StatusCode, json));
            if (example.Path.EndsWith("/queues", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                rerouteId = json.GetProperty("rerouteId").GetString();
            }
        }

        answers.Where(a => a.Status is < 200 or > 299).Select(a => $"{a.Example.Path} → {a.Status} {a.Body}").Should().BeEmpty();
        rerouteId.Should().NotBeNull("the move example commits a reroute, which the undo example then undoes");
        var whatIf = answers.Single(a => a.Example.Path.EndsWith("/what-if", StringComparison.Ordinal)).Body;
        whatIf.EnumerateArray().Select(q => q.GetProperty("queueId").GetString()).Should().BeEquivalentTo("energy-chat", "energy-voice");
    }

    /// <summary>
    /// Until the simulator's first events have named every agent and queue the examples use: the simulator runs on
    /// its own timer, so this is the outermost edge, polled with a deadline.
    /// </summary>
    private async Task SimulatorStartedAsync(IReadOnlyList<Curl> examples)
    {
        var agents = examples.SelectMany(e => AgentIds().Matches(e.Path + " " + e.Body).Select(m => "/api/agents/" + m.Value));
        var queues = examples.SelectMany(e => QueueIds().Matches(e.Path + " " + e.Body).Select(m => "/api/queues/" + m.Groups["id"].Value));
        var wanted = agents.Concat(queues).Distinct(StringComparer.Ordinal).ToList();
        wanted.Should().Contain(p => p.StartsWith("/api/agents/", StringComparison.Ordinal)).And.Contain(p => p.StartsWith("/api/queues/", StringComparison.Ordinal));
        using var key = host.ApiClient();
        await Eventually.UntilAsync(
            async () => string.Join(", ", (await Task.WhenAll(wanted.Select(async path => (Path: path, Found: (await key.GetAsync(path)).IsSuccessStatusCode))))
                .Where(p => !p.Found).Select(p => p.Path)),
            missing => missing.Length == 0,
            "the simulator's agents and queues the README names",
            TimeSpan.FromSeconds(60));
    }

    /// <summary>One curl command of the README: where it goes, with what, as whom.</summary>
    private sealed record Curl(string Path, string? Body, bool Post, bool Cookie);

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return markdown[start..(end < 0 ? markdown.Length : end)];
    }

    private static List<Curl> Curls(string section) =>
    [
        .. section.Split('\n')
            .Where(line => line.StartsWith("curl ", StringComparison.Ordinal))
            .SelectMany(line => line.Split("; curl ", StringSplitOptions.TrimEntries))
            .Select(command => Command().Match(command))
            .Where(m => m.Success)
            .Select(m => new Curl(m.Groups["path"].Value, m.Groups["body"].Success ? m.Groups["body"].Value : null,
                m.Value.Contains("-X POST", StringComparison.Ordinal), m.Value.Contains("$COOKIE", StringComparison.Ordinal))),
    ];

    [GeneratedRegex("""^.*?"?\$URL(?<path>/[^"\s]+)"?(?: -d '(?<body>[^']*)')?""")]
    private static partial Regex Command();

    [GeneratedRegex(@"\bop-\d{3}\b")]
    private static partial Regex AgentIds();

    [GeneratedRegex(@"(?:/api/queues/|""queueId"":""|""remove"":\["")(?<id>[a-z]+-[a-z]+)")]
    private static partial Regex QueueIds();
}

/// <summary>A fresh room as <c>dotnet run</c> starts it, its simulator on (without the played history, to be quick).</summary>
public sealed class SimulatedRoomHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings().Where(s => s.Key != "Simulator:Enabled"),
        new("Simulator:Enabled", "true"),
        new("Simulator:History", "00:00:00"),
    ];
}
