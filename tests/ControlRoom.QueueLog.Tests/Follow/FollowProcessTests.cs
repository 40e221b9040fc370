using ControlRoom.Cli.QueueLog;
using ControlRoom.QueueLog.Tests.Delivery;
using ControlRoom.QueueLog.Tests.Scripts;

namespace ControlRoom.QueueLog.Tests.Follow;

/// <summary>
/// The connector as a child process following a real file into a real host, killed and rotated under it at chosen
/// moments. A <see cref="FaultProxy"/> holds one batch's answer after the host applied it, so each test strikes while
/// the connector is mid-stream: lines unread in the file, a batch applied but unacknowledged. Every call and agent
/// must then count exactly once. No sleeps: the tests wait on the proxy's signal, the state file and the host's figures.
/// </summary>
public sealed class FollowProcessTests(KestrelControlRoomHost host) : IClassFixture<KestrelControlRoomHost>, IAsyncLifetime
{
    private const int Batch = 40;
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.Date.AddDays(-2).AddHours(8);
    private readonly string folder = Directory.CreateTempSubdirectory("queue-log-follow-").FullName;
    private readonly List<ConnectorProcess> processes = [];
    private FaultProxy proxy = null!;

    private string File => Path.Combine(folder, "queue_log");

    private string State => Path.Combine(folder, "queue_log.state");

    public async Task InitializeAsync() => proxy = await FaultProxy.StartAsync(host.BaseAddress);

    [Fact]
    public async Task KilledWithABatchAppliedButUnacknowledged_RestartsFromItsState_AndEveryCallCountsOnce()
    {
        var run = await StartMidStreamAsync("killed");
        var saved = QueueLogState.Load(State)!.Position;
        run.Connector.Kill();
        run.Hold.Release();

        saved.Offset.Should().BeInRange(1, new FileInfo(File).Length - 1, "the connector was killed mid-stream");
        var restarted = StartConnector();
        System.IO.File.AppendAllText(File, QueueLogScript.Text([.. run.Unread, .. run.Later]));
        await CaughtUp(run.Script);

        (await restarted.StopAsync()).Should().Be(0, restarted.Output);
        restarted.Output.Should().Contain($"resuming {File} after line {saved.Line}")
            .And.Contain($" {Batch} duplicates", "the batch the host applied before the kill was sent again and counted once");
    }

    [Fact]
    public async Task RenamedAndRecreated_WhileLinesWereUnread_ReadsTheOldFileToItsEnd_ThenTheNewOne()
    {
        var run = await StartMidStreamAsync("renamed");

        // logrotate "create" with a reload afterwards: Asterisk writes a little more into the renamed file.
        System.IO.File.Move(File, File + ".1");
        System.IO.File.AppendAllText(File + ".1", QueueLogScript.Text(run.Unread));
        System.IO.File.WriteAllText(File, QueueLogScript.Text(run.Later));
        run.Hold.Release();
        await CaughtUp(run.Script);

        (await run.Connector.StopAsync()).Should().Be(0, run.Connector.Output);
        run.Connector.Output.Should().Contain($"{File} was rotated");
    }

    [Fact]
    public async Task TruncatedInPlace_WhileLinesWereUnread_ReadsThemFromTheCopy_ThenTheFileFromItsStart()
    {
        var run = await StartMidStreamAsync("truncated");

        // logrotate "copytruncate": more lines, the copy, the truncation, then Asterisk writes on.
        System.IO.File.AppendAllText(File, QueueLogScript.Text(run.Unread));
        System.IO.File.Copy(File, File + ".1");
        using (var truncate = new FileStream(File, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        System.IO.File.AppendAllText(File, QueueLogScript.Text(run.Later));
        run.Hold.Release();
        await CaughtUp(run.Script);

        (await run.Connector.StopAsync()).Should().Be(0, run.Connector.Output);
        run.Connector.Output.Should().Contain("truncated in place").And.Contain($"from the copy {File}.1");
    }

    [Fact]
    public async Task KilledAcrossARotation_RestartFindsTheRotatedFileByItsFirstLine_AndFinishesItFirst()
    {
        var run = await StartMidStreamAsync("rotatedkill");

        System.IO.File.AppendAllText(File, QueueLogScript.Text(run.Unread));
        System.IO.File.Move(File, File + "-20261122");
        System.IO.File.WriteAllText(File, QueueLogScript.Text(run.Later));
        run.Connector.Kill();
        run.Hold.Release();
        var restarted = StartConnector();
        await CaughtUp(run.Script);

        (await restarted.StopAsync()).Should().Be(0, restarted.Output);
        restarted.Output.Should().Contain($"reading the rest of {File}-20261122 first");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            process.Dispose();
        }

        await proxy.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Writes the first third of a script's lines and starts the connector; returns once the host has applied the
    /// fourth batch, whose answer the proxy holds: the connector is mid-stream, with lines of the file still unread.
    /// The other two thirds are for the test to write.
    /// </summary>
    private async Task<MidStream> StartMidStreamAsync(string queue)
    {
        var script = new QueueLogScript(queue, Day, callCount: 300);
        var third = script.Lines.Count / 3;
        System.IO.File.WriteAllText(File, QueueLogScript.Text(script.Lines.Take(third)));
        var hold = new Fault.ForwardAndHold();
        proxy.Plan(new Fault.None(), new Fault.None(), new Fault.None(), hold);
        var connector = StartConnector();
        await hold.Applied.WaitAsync(TimeSpan.FromSeconds(120));
        return new MidStream(script, [.. script.Lines.Skip(third).Take(third)], [.. script.Lines.Skip(2 * third)], connector, hold);
    }

    private ConnectorProcess StartConnector()
    {
        var connector = ConnectorProcess.Start(File, proxy.Address, ControlRoomHost.DevelopmentKey, State, Batch);
        processes.Add(connector);
        return connector;
    }

    /// <summary>The host shows exactly the script's figures, and the state file has reached the end of the file.</summary>
    private async Task CaughtUp(QueueLogScript script)
    {
        using var client = host.ApiClient();
        await HostFigures.WaitForAsync(client, script);
        await Eventually.UntilAsync(
            () => Task.FromResult(QueueLogState.Load(State)?.Position.Offset ?? -1),
            offset => offset == new FileInfo(File).Length,
            "the state file to reach the end of the file");
        (await HostFigures.DifferencesAsync(client, script)).Should().BeEmpty("nothing may count twice once everything is in");
    }

    private sealed record MidStream(QueueLogScript Script, List<string> Unread, List<string> Later, ConnectorProcess Connector, Fault.ForwardAndHold Hold);
}
