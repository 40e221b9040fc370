using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.QueueLog.Tests.Scripts;

/// <summary>Reads what the host counted for a script's queue and agents, and says how it differs from the script.</summary>
public static class HostFigures
{
    /// <summary>The differences between the host's intervals and agent states and the script's; empty when they agree.</summary>
    public static async Task<string> DifferencesAsync(HttpClient client, QueueLogScript script) =>
        string.Join(" | ", (await ListDifferencesAsync(client, script)).Take(15));

    private static async Task<List<string>> ListDifferencesAsync(HttpClient client, QueueLogScript script)
    {
        var differences = new List<string>();
        var from = DateTimeOffset.FromUnixTimeSeconds(script.Start).AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.FromUnixTimeSeconds(script.Start).AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        using var response = await client.GetAsync($"/api/queues/{script.Queue}/intervals?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [$"queue {script.Queue}: {(int)response.StatusCode}"];
        }

        var rows = (await response.Content.ReadFromJsonAsync<List<IntervalDto>>())!.ToDictionary(r => r.Start);
        foreach (var (start, want) in script.Intervals())
        {
            var got = rows.GetValueOrDefault(start);
            var asa = want.Answered == 0 ? (double?)null : (double)want.WaitSum / want.Answered;
            if (got is null || got.Offered != want.Offered || got.Answered != want.Answered || got.Abandoned != want.Abandoned
                || got.AnsweredWithinThreshold != want.WithinThreshold || !Same(got.Asa, asa))
            {
                differences.Add($"{start:u}: expected {want.Offered}/{want.Answered}/{want.Abandoned}/{want.WithinThreshold} asa {asa:0.00}, " +
                    $"got {got?.Offered}/{got?.Answered}/{got?.Abandoned}/{got?.AnsweredWithinThreshold} asa {got?.Asa:0.00}");
            }
        }

        differences.AddRange(rows.Keys.Except(script.Intervals().Keys).Select(k => $"{k:u}: an interval the script has not"));
        foreach (var (agent, state) in script.FinalStates)
        {
            // Not known yet (the API knows an agent once the directory lists it, and reads that list through a cache) is a
            // difference like any other, as a queue not known yet is above.
            using var agentResponse = await client.GetAsync($"/api/agents/{agent}");
            if (agentResponse.StatusCode != HttpStatusCode.OK)
            {
                differences.Add($"agent {agent}: {(int)agentResponse.StatusCode}");
                continue;
            }

            var got = (await agentResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").ToString();
            if (!string.Equals(got, state, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add($"agent {agent}: expected {state}, got {got}");
            }
        }

        return differences;
    }

    /// <summary>Waits (at the edge: the connector is another process) until the host shows exactly the script's figures.</summary>
    public static Task WaitForAsync(HttpClient client, QueueLogScript script, TimeSpan? within = null) =>
        Eventually.UntilAsync(
            () => DifferencesAsync(client, script),
            d => d.Length == 0,
            $"the host's figures of {script.Queue} to equal the script's",
            within ?? TimeSpan.FromSeconds(60));

    private static bool Same(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 0.0051; // the host rounds seconds to 2 decimals

    private sealed record IntervalDto(DateTimeOffset Start, int Offered, int Answered, int Abandoned, int AnsweredWithinThreshold, double? Asa);
}
