using System.Net;
using ControlRoom.Cli.Arguments;
using ControlRoom.Cli.Replay;
using ControlRoom.RealData.Tests.RealData;

namespace ControlRoom.RealData.Tests.Replay;

/// <summary>The replay command against the real host in memory.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private const string Offered = """{"eventId":"e1","type":"interaction.offered","occurredAt":"2026-01-05T09:00:00Z","interactionId":"i1","queueId":"billing","channel":"voice"}""";
    private const string Answered = """{"eventId":"e2","type":"interaction.answered","occurredAt":"2026-01-05T09:00:12Z","interactionId":"i1","agentId":"a1"}""";
    private readonly string file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.ndjson");
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    [Fact]
    public async Task Replay_ValidFile_SendsEveryEventAndReportsTheRate()
    {
        File.WriteAllText(file, $"{Offered}\n\n{Answered}\n");
        await using var factory = new ControlRoomFactory();
        using var client = factory.CreateClient();

        var exit = await Run(client, ControlRoomFactory.ApiKey, batch: 1);

        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().MatchRegex(@"replayed 2 events \(2 accepted, 0 duplicates\) in [\d.]+ s: [\d,]+ events/s");
        stderr.ToString().Should().Contain("100.0%");
        var queue = await Get(client, "/api/queues/billing");
        queue.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replay_BadLine_NamesItsLineAndSendsNothing()
    {
        File.WriteAllText(file, $"{Offered}\n{Answered.Replace("\"agentId\":\"a1\"", "\"agentId\":\"a 1\"", StringComparison.Ordinal)}\n{{oops\n");
        await using var factory = new ControlRoomFactory();
        using var client = factory.CreateClient();

        var exit = await Run(client, ControlRoomFactory.ApiKey, batch: 1000);

        exit.Should().Be(1);
        stderr.ToString().Should().Contain("line 2: agentId 'a 1' must be").And.Contain("line 3: not a JSON object")
            .And.Contain("nothing was sent");
        (await Get(client, "/api/queues/billing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replay_WrongKey_FailsAndSaysTheHostRefusedIt()
    {
        File.WriteAllText(file, $"{Offered}\n");
        await using var factory = new ControlRoomFactory();
        using var client = factory.CreateClient();

        var exit = await Run(client, "not-the-key", batch: 1000);

        exit.Should().Be(1);
        stderr.ToString().Should().Contain("refused the API key (401)").And.Contain("lines 1-1");
    }

    [Theory]
    [InlineData("replay", "f.ndjson", "--url", "http://h", "--key", "k", "--batch", "0")]
    [InlineData("replay", "f.ndjson", "--url", "ftp://h", "--key", "k")]
    [InlineData("replay", "f.ndjson", "--url", "http://h", "--key", "k", "--speed", "-2")]
    [InlineData("replay", "f.ndjson", "--key", "k")]
    [InlineData("replay", "--url", "http://h", "--key", "k")]
    public void Parse_BadCommandLine_IsAUsageError(params string[] args)
    {
        var act = () => ReplayCommand.Parse(CommandLine.Parse(args, ReplayCommand.Options));

        act.Should().Throw<UsageException>();
    }

    [Fact]
    public void Parse_HostRoot_TargetsTheEventsEndpoint()
    {
        var options = ReplayCommand.Parse(CommandLine.Parse(["replay", "f.ndjson", "--url", "http://h:5191/", "--key", "k", "--speed=60"], ReplayCommand.Options));

        options.Should().Be(new ReplayOptions("f.ndjson", new Uri("http://h:5191/api/events"), "k", 1000, 60));
    }

    public void Dispose()
    {
        File.Delete(file);
        stdout.Dispose();
        stderr.Dispose();
    }

    private Task<int> Run(HttpClient client, string key, int batch) =>
        new ReplayCommand(client, stdout, stderr, TimeProvider.System)
            .RunAsync(new ReplayOptions(file, new Uri(client.BaseAddress!, "/api/events"), key, batch, null), CancellationToken.None);

    private static Task<HttpResponseMessage> Get(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", ControlRoomFactory.ApiKey);
        return client.SendAsync(request);
    }
}
