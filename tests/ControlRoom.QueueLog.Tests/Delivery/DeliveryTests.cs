using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Cli;
using ControlRoom.Cli.Ingest;
using ControlRoom.Cli.QueueLog;
using ControlRoom.QueueLog.Tests.Scripts;

namespace ControlRoom.QueueLog.Tests.Delivery;

/// <summary>
/// The queue-log command in import mode against a real host behind a <see cref="FaultProxy"/>: what it does when the
/// host is overloaded, the network fails, or the host refuses a batch.
/// </summary>
public sealed class DeliveryTests(KestrelControlRoomHost host) : IClassFixture<KestrelControlRoomHost>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.Date.AddDays(-2).AddHours(8);
    private readonly string folder = Directory.CreateTempSubdirectory("queue-log-delivery-").FullName;
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private FaultProxy proxy = null!;

    private string File => Path.Combine(folder, "queue_log");

    private string State => Path.Combine(folder, "state.json");

    public async Task InitializeAsync() => proxy = await FaultProxy.StartAsync(host.BaseAddress);

    [Fact]
    public async Task Import_ThroughAnOverloadedHostAndABrokenConnection_RetriesUntilEveryLineIsAccepted()
    {
        var script = new QueueLogScript("retry", Day, callCount: 30);
        System.IO.File.WriteAllText(File, QueueLogScript.Text(script.Lines));
        proxy.Plan(new Fault.Drop(), new Fault.Answer(503, RetryAfter: "1"), new Fault.Answer(429, RetryAfter: "0"));

        var exit = await Run(batch: 1000);

        exit.Should().Be(ExitCodes.Ok, stderr.ToString());
        proxy.Answers.Should().Equal(0, 503, 429, 202);
        stderr.ToString().Should().Contain("in 0.5 s (attempt 1:").And.Contain("in 1.0 s (attempt 2: 503")
            .And.Contain("in 0.0 s (attempt 3: 429", "the host's Retry-After is what the connector waits");
        stdout.ToString().Should().Contain(" 0 duplicates");
        using var client = host.ApiClient();
        (await HostFigures.DifferencesAsync(client, script)).Should().BeEmpty();
    }

    [Fact]
    public async Task ABatchTheHostRefuses_StopsTheImportWithExit3_NamingItsLine_AndARunAfterTheFixResumesThere()
    {
        // An older host that does not know interaction.ring_no_answer refuses the second batch: it names the event
        // by its index, and the connector must name the queue_log line.
        string[] lines =
        [
            "1732262400|1732262398.42|refused|NONE|ENTERQUEUE||3331234567|1",
            "1732262401|1732262399.43|refused|NONE|ENTERQUEUE||3331234568|1",
            "1732262402|NONE|NONE|NONE|CONFIGRELOAD|",
            "1732262410|1732262398.42|refused|PJSIP/refused-202|RINGNOANSWER|15000",
            "1732262415|1732262398.42|refused|PJSIP/refused-201|CONNECT|15|1732262410.45|5",
        ];
        System.IO.File.WriteAllText(File, QueueLogScript.Text(lines));
        proxy.Plan(new Fault.None(), new Fault.Rewrite(body => body.Replace("interaction.ring_no_answer", "interaction.ring_noanswer", StringComparison.Ordinal)));

        var refused = await Run(batch: 2);

        refused.Should().Be(ExitCodes.Refused, stderr.ToString());
        stderr.ToString().Should().Contain($"{File} line 4: type 'interaction.ring_noanswer' is not one of")
            .And.Contain("nothing of lines 4-5");
        QueueLogState.Load(State)!.Position.Line.Should().Be(2, "the first batch was acknowledged, the second not");

        var again = await Run(batch: 2);

        again.Should().Be(ExitCodes.Ok, stderr.ToString());
        stdout.ToString().Should().Contain("2 events sent (2 accepted, 0 duplicates", "the second run sends only what the first could not");
        using var client = host.ApiClient();
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/queues/refused/intervals?from=2024-11-22&to=2024-11-23");
        queue[0].GetProperty("offered").GetInt32().Should().Be(2);
        queue[0].GetProperty("answered").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task AWrongKey_IsRefused_WithExit3_AndSendsNothingAgain()
    {
        System.IO.File.WriteAllText(File, "1732262400|1732262398.42|wrongkey|NONE|ENTERQUEUE||3331234567|1\n");

        var exit = await Run(batch: 100, key: "not-the-key");

        exit.Should().Be(ExitCodes.Refused);
        stderr.ToString().Should().Contain("refused the API key (401)");
        proxy.Requests.Should().Be(1, "a refusal is not retried");
        System.IO.File.Exists(State).Should().BeFalse("nothing was acknowledged");
    }

    [Fact]
    public async Task Follow_AFileThatAppearsLater_IsReadFromItsStart_AndCancellingStopsWithExit0()
    {
        var script = new QueueLogScript("appears", Day, callCount: 20);
        using var stop = new CancellationTokenSource();
        var following = Run(batch: 1000, follow: true, stop.Token);

        System.IO.File.WriteAllText(File, QueueLogScript.Text(script.Lines));
        using var client = host.ApiClient();
        await HostFigures.WaitForAsync(client, script);

        // The host applies a batch before the connector hears its 202 and saves its mark: stop only after the save, or
        // the stop may land between the two and the mark be one batch behind (which a restart would resend).
        await Eventually.UntilAsync(() => Task.FromResult(QueueLogState.Load(State)?.Position.Offset), offset => offset == new FileInfo(File).Length,
            "the connector's mark saved at the end of the file");
        await stop.CancelAsync();

        (await following).Should().Be(ExitCodes.Ok, stderr.ToString());
        stderr.ToString().Should().Contain($"waiting for {File} to appear").And.Contain("stopped");
        QueueLogState.Load(State)!.Position.Offset.Should().Be(new FileInfo(File).Length, "everything was acknowledged before the stop");
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private Task<int> Run(int batch, string key = ControlRoomHost.DevelopmentKey) => Run(batch, follow: false, CancellationToken.None, key);

    private async Task<int> Run(int batch, bool follow, CancellationToken cancellationToken, string key = ControlRoomHost.DevelopmentKey)
    {
        stdout.GetStringBuilder().Clear();
        stderr.GetStringBuilder().Clear();
        using var http = new HttpClient();
        var options = new QueueLogOptions(File, new IngestTarget(new Uri(proxy.Address, "/api/events"), key), State, follow, batch);
        return await new QueueLogCommand(http, stdout, stderr, TimeProvider.System).RunAsync(options, cancellationToken);
    }
}
