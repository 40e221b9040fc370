using System.Net.Http.Json;
using ControlRoom.Cli.Bank;
using ControlRoom.Cli.Ingest;
using ControlRoom.Cli.QueueLog;
using ControlRoom.Cli.Replay;
using ControlRoom.QueueLog.Tests.Scripts;

namespace ControlRoom.QueueLog.Tests.Bank;

/// <summary>
/// Issue 12: the real bank months written as a queue_log and fed through the connector give, in every queue's every
/// 15-minute interval, exactly the figures of the JSON path (<c>convert-bank</c> + <c>replay</c>) on another host.
/// </summary>
public sealed class BankQueueLogTests : IAsyncLifetime
{
    private readonly ControlRoomHost jsonHost = new();
    private readonly ControlRoomHost queueLogHost = new();
    private readonly string folder = Directory.CreateTempSubdirectory("queue-log-bank-").FullName;

    public async Task InitializeAsync()
    {
        await jsonHost.InitializeAsync();
        await queueLogHost.InitializeAsync();
    }

    [Fact]
    public async Task JanuaryAndFebruary_AsAQueueLog_GiveTheJsonPathsFigures_IntervalByInterval()
    {
        (string File, DateTimeOffset Start)[] months =
        [
            ("01_January.txt", new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            ("02_February.txt", new DateTimeOffset(1999, 2, 1, 0, 0, 0, TimeSpan.Zero)),
        ];
        var queueLog = Path.Combine(folder, "queue_log");
        var lineCount = 0;
        var intervals = 0;
        var differences = new List<string>();
        using var json = jsonHost.ApiClient();
        using var viaQueueLog = queueLogHost.ApiClient();
        foreach (var (month, start) in months)
        {
            // The JSON path, as the README shows it.
            var path = Path.Combine(RepositoryPaths.Shared, "data", "anonymous-bank", month);
            var ndjson = Path.Combine(folder, month + ".ndjson");
            var conversion = BankConverter.ConvertFile(path);
            using (var writer = new StreamWriter(ndjson))
            {
                BankConverter.WriteNdjson(conversion.Events, writer);
            }

            var replay = await new ReplayCommand(json, TextWriter.Null, TextWriter.Null, TimeProvider.System)
                .RunAsync(new ReplayOptions(ndjson, new Uri(json.BaseAddress!, "/api/events"), ControlRoomHost.DevelopmentKey, 5000, null), CancellationToken.None);
            replay.Should().Be(0);

            // The queue_log path: the month appended to the PBX's file, imported from where the last import ended.
            var lines = BankQueueLog.Lines(path);
            lineCount += lines.Count;
            File.AppendAllText(queueLog, QueueLogScript.Text(lines));
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var import = await new QueueLogCommand(viaQueueLog, stdout, stderr, TimeProvider.System).RunAsync(
                new QueueLogOptions(queueLog, new IngestTarget(new Uri(viaQueueLog.BaseAddress!, "/api/events"), ControlRoomHost.DevelopmentKey),
                    Path.Combine(folder, "state.json"), Follow: false, Batch: 5000),
                CancellationToken.None);
            import.Should().Be(0, stderr.ToString());
            stdout.ToString().Should().Contain($"{lines.Count:N0} lines").And.Contain($"{lines.Count:N0} events sent ({lines.Count:N0} accepted, 0 duplicates",
                "the second month's import resumes after the first, and every line is one event");

            // Compared month by month: a queue keeps 35 days of intervals behind its newest one.
            intervals += await CompareIntervals(json, viaQueueLog, start, differences);
        }

        differences.Should().BeEmpty("{0} rows differ, first: {1}", differences.Count, string.Join(" | ", differences.Take(10)));
        intervals.Should().BeGreaterThan(5000, "two months of six queues");
        lineCount.Should().BeGreaterThan(150_000);
    }

    /// <summary>Adds every interval of the month whose figures differ between the two hosts; returns how many intervals it compared.</summary>
    private static async Task<int> CompareIntervals(HttpClient json, HttpClient viaQueueLog, DateTimeOffset month, List<string> differences)
    {
        var queues = (await json.GetFromJsonAsync<List<QueueDto>>("/api/queues"))!.Select(q => q.QueueId).Order(StringComparer.Ordinal).ToList();
        var viaQueueLogQueues = (await viaQueueLog.GetFromJsonAsync<List<QueueDto>>("/api/queues"))!.Select(q => q.QueueId).Order(StringComparer.Ordinal);
        viaQueueLogQueues.Should().Equal(queues);
        var range = $"from={Uri.EscapeDataString(month.ToString("O"))}&to={Uri.EscapeDataString(month.AddMonths(1).AddDays(1).ToString("O"))}";
        var compared = 0;
        foreach (var queue in queues)
        {
            var expected = (await json.GetFromJsonAsync<List<IntervalRow>>($"/api/queues/{queue}/intervals?{range}"))!;
            var actual = (await viaQueueLog.GetFromJsonAsync<List<IntervalRow>>($"/api/queues/{queue}/intervals?{range}"))!;
            compared += expected.Count;
            differences.AddRange(expected.Except(actual).Select(row => $"{queue} {row.Start:u}: the JSON path has {row}"));
            differences.AddRange(actual.Except(expected).Select(row => $"{queue} {row.Start:u}: the queue_log path has {row}"));
        }

        return compared;
    }

    public async Task DisposeAsync()
    {
        await jsonHost.DisposeAsync();
        await queueLogHost.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private sealed record QueueDto(string QueueId);

    /// <summary>Every figure of an interval row (contract §3), compared whole.</summary>
    private sealed record IntervalRow(
        DateTimeOffset Start, int Offered, int Answered, int Abandoned, int ShortAbandoned, int AnsweredWithinThreshold,
        double? ServiceLevel, double? Asa, double? Aht, double? MaxWaitSeconds, double? AbandonRate, int TransferredOut);
}
