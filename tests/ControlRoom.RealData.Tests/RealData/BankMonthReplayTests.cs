using System.Net.Http.Json;
using ControlRoom.Cli.Bank;
using ControlRoom.Cli.Replay;
using ControlRoom.RealData.Tests.RealData;

namespace ControlRoom.RealData.Tests.RealData;

/// <summary>
/// Issue 3 item 4: a real month, converted with the README's mapping and replayed through <c>POST /api/events</c>
/// by the CLI's replay command, gives in every queue's every 15-minute interval the figures computed straight
/// from the raw records (<see cref="RawIntervals"/>).
/// </summary>
public sealed class BankMonthReplayTests
{
    private const double SecondsTolerance = 0.5;

    [Fact]
    public Task January_EveryQueueInterval_MatchesRawRecords() =>
        ReplayAndCompare("01_January.txt", new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public Task February_EveryQueueInterval_MatchesRawRecords() =>
        ReplayAndCompare("02_February.txt", new DateTimeOffset(1999, 2, 1, 0, 0, 0, TimeSpan.Zero));

    private static async Task ReplayAndCompare(string month, DateTimeOffset monthStart)
    {
        // Arrange: the raw month, its expected intervals, and its events as an NDJSON file.
        var path = BankData.Month(month);
        var expected = RawIntervals.Compute(path);
        var ndjson = Path.Combine(Path.GetTempPath(), $"controlroom-{Path.GetFileNameWithoutExtension(month)}-{Guid.NewGuid():N}.ndjson");
        try
        {
            var conversion = BankConverter.ConvertFile(path);
            conversion.Errors.Should().BeEmpty();
            using (var writer = new StreamWriter(ndjson))
            {
                BankConverter.WriteNdjson(conversion.Events, writer);
            }

            await using var factory = new ControlRoomFactory();
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", ControlRoomFactory.ApiKey);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var replay = new ReplayCommand(client, stdout, stderr, TimeProvider.System);
            var options = new ReplayOptions(ndjson, new Uri(client.BaseAddress!, "/api/events"), ControlRoomFactory.ApiKey, 5000, null);

            // Act: replay through the real HTTP pipeline, then read every queue's intervals.
            var exit = await replay.RunAsync(options, CancellationToken.None);
            exit.Should().Be(0, "the replay must succeed: {0}", stderr);
            stdout.ToString().Should().Contain($"({conversion.Events.Count:N0} accepted, 0 duplicates)");

            var actual = new Dictionary<(string Queue, DateTimeOffset Start), IntervalDto>();
            var queues = expected.Keys.Select(k => k.Queue).Distinct().Order(StringComparer.Ordinal).ToList();
            var listed = await client.GetFromJsonAsync<List<QueueDto>>("/api/queues");
            listed!.Select(q => q.QueueId).Should().BeEquivalentTo(queues, "only queues with offered calls exist");
            var from = monthStart.ToString("O");
            var to = monthStart.AddMonths(1).AddDays(1).ToString("O"); // calls crossing the last midnight
            foreach (var queue in queues)
            {
                var rows = await client.GetFromJsonAsync<List<IntervalDto>>(
                    $"/api/queues/{queue}/intervals?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
                foreach (var row in rows!)
                {
                    actual[(queue, row.Start)] = row;
                }
            }

            // Assert: the same intervals, and in each the same figures.
            var mismatches = new List<string>();
            foreach (var key in expected.Keys.Except(actual.Keys))
            {
                mismatches.Add($"{key.Queue} {key.Start:u}: expected {expected[key].Offered} offered, the host has no interval");
            }

            foreach (var key in actual.Keys.Except(expected.Keys))
            {
                mismatches.Add($"{key.Queue} {key.Start:u}: the host has {actual[key].Offered} offered, the raw records none");
            }

            foreach (var (key, want) in expected)
            {
                if (actual.TryGetValue(key, out var got))
                {
                    Compare($"{key.Queue} {key.Start:u}", want, got, mismatches);
                }
            }

            mismatches.Should().BeEmpty("{0} of {1} intervals differ, first: {2}",
                mismatches.Count, expected.Count, string.Join(" | ", mismatches.Take(15)));
            expected.Count.Should().BeGreaterThan(1000, "a month of six queues fills thousands of intervals");
        }
        finally
        {
            File.Delete(ndjson);
        }
    }

    private static void Compare(string where, RawInterval want, IntervalDto got, List<string> mismatches)
    {
        void Count(string name, int expected, int actual)
        {
            if (expected != actual)
            {
                mismatches.Add($"{where} {name}: expected {expected}, got {actual}");
            }
        }

        void Seconds(string name, double? expected, double? actual)
        {
            var same = expected is null ? actual is null : actual is not null && Math.Abs(expected.Value - actual.Value) <= SecondsTolerance;
            if (!same)
            {
                mismatches.Add($"{where} {name}: expected {expected?.ToString("0.00") ?? "null"}, got {actual?.ToString("0.00") ?? "null"}");
            }
        }

        Count("offered", want.Offered, got.Offered);
        Count("answered", want.Answered, got.Answered);
        Count("abandoned", want.Abandoned, got.Abandoned);
        Count("shortAbandoned", want.ShortAbandoned, got.ShortAbandoned);
        Count("answeredWithinThreshold", want.AnsweredWithinThreshold, got.AnsweredWithinThreshold);
        Seconds("asa", want.Asa, got.Asa);
        Seconds("aht", want.Aht, got.Aht);
    }

    private sealed record QueueDto(string QueueId);

    private sealed record IntervalDto(
        DateTimeOffset Start, int Offered, int Answered, int Abandoned, int ShortAbandoned, int AnsweredWithinThreshold,
        double? Asa, double? Aht);
}
