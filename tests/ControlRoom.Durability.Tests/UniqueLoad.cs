using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlRoom.Testing;

namespace ControlRoom.Durability.Tests;

/// <summary>
/// A source that counts: unique contacts (offered, answered, ended) in batches, each batch remembered as
/// acknowledged (202) or not, so that after any fault the figures can be held to exactly what was acknowledged.
/// Batches are sent round-robin to the hosts that are up; what was not acknowledged is sent again later, as a
/// real source retries.
/// </summary>
public sealed class UniqueLoad(string run, int batches, int contactsPerBatch)
{
    public static readonly string[] Queues = ["fault-q0", "fault-q1", "fault-q2", "fault-q3", "fault-q4", "fault-q5"];

    private readonly DateTimeOffset start = DateTimeOffset.UtcNow.AddHours(-3);
    private readonly ConcurrentDictionary<int, bool> acknowledged = new();
    private readonly ConcurrentBag<string> refusals = [];
    private int next = -1;

    public int Batches => batches;

    public int Contacts => batches * contactsPerBatch;

    public int Acknowledged => acknowledged.Count;

    /// <summary>Every answer that was not 202, with how long it took ("503 in 0.12 s", "timeout after 10 s").</summary>
    public IReadOnlyCollection<string> Refusals => refusals;

    /// <summary>The interval range that holds every generated contact.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range => (start.AddMinutes(-15), start.AddSeconds((Contacts / 5.0) + 600));

    /// <summary>Sends every batch once, spread over the hosts <paramref name="targets"/> gives at each moment, with <paramref name="parallel"/> senders.</summary>
    public async Task SendAllAsync(Func<IReadOnlyList<HostProcess>> targets, int parallel, Action<int>? afterEach = null)
    {
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async sender =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                var hosts = targets();
                await SendAsync(hosts[batch % hosts.Count], batch);
                afterEach?.Invoke(Acknowledged);
            }
        }));
    }

    /// <summary>Sends what was not acknowledged again, until all is (a real source's retry).</summary>
    public async Task RetryUnacknowledgedAsync(HostProcess host, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Acknowledged < batches)
        {
            foreach (var batch in Enumerable.Range(0, batches).Where(b => !acknowledged.ContainsKey(b)))
            {
                await SendAsync(host, batch);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{batches - Acknowledged} batches still refused: {string.Join("; ", refusals.TakeLast(5))}");
            }
        }
    }

    private async Task SendAsync(HostProcess host, int batch)
    {
        using var api = host.ApiClient(TimeSpan.FromSeconds(15));
        using var content = new StringContent(Body(batch), Encoding.UTF8, "application/x-ndjson");
        var started = DateTime.UtcNow;
        try
        {
            using var response = await api.PostAsync(new Uri("/api/events", UriKind.Relative), content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                acknowledged[batch] = true;
                return;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds;
            refusals.Add(string.Create(CultureInfo.InvariantCulture,
                $"{(int)response.StatusCode} in {(DateTime.UtcNow - started).TotalSeconds:F2} s (Retry-After {retryAfter}) from {host.Name}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            refusals.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ex.GetType().Name} after {(DateTime.UtcNow - started).TotalSeconds:F2} s from {host.Name}"));
        }
    }

    private string Body(int batch)
    {
        var lines = new StringBuilder();
        for (var i = batch * contactsPerBatch; i < (batch + 1) * contactsPerBatch; i++)
        {
            var id = $"{run}-{i}";
            var offered = start.AddSeconds(i / 5.0);
            Line(lines, ContractEvents.Offered(id, Queues[i % Queues.Length], offered));
            Line(lines, ContractEvents.Answered(id, $"{run}-agent-{i % 24}", offered.AddSeconds(3 + (i % 11))));
            Line(lines, ContractEvents.Ended(id, offered.AddSeconds(60 + (i % 7))));
        }

        return lines.ToString();
    }

    private static void Line(StringBuilder lines, JsonObject e) => lines.Append(e.ToJsonString()).Append('\n');

    /// <summary>Offered and answered summed over every queue's intervals, as one host reads them.</summary>
    public async Task<(int Offered, int Answered)> FiguresAsync(HostProcess host)
    {
        var (from, to) = Range;
        int offered = 0, answered = 0;
        using var api = host.ApiClient();
        foreach (var queue in Queues)
        {
            var url = string.Create(CultureInfo.InvariantCulture,
                $"/api/queues/{queue}/intervals?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
            using var response = await api.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            response.EnsureSuccessStatusCode();
            foreach (var interval in JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray())
            {
                offered += interval.GetProperty("offered").GetInt32();
                answered += interval.GetProperty("answered").GetInt32();
            }
        }

        return (offered, answered);
    }

    /// <summary>Until a host's figures show exactly <paramref name="contacts"/> contacts; never more, at any read.</summary>
    public Task<TimeSpan> WaitForExactlyAsync(HostProcess host, int contacts, TimeSpan within) =>
        WaitForAsync(host, contacts, contacts, within);

    /// <summary>
    /// Until a host's figures hold every acknowledged contact. Batches refused around a fault may be in them too (a
    /// request logged just before the fault is applied later from the log), but nothing beyond what was sent.
    /// </summary>
    public Task<TimeSpan> WaitForAcknowledgedAsync(HostProcess host, TimeSpan within) =>
        WaitForAsync(host, Acknowledged * contactsPerBatch, Contacts, within);

    private async Task<TimeSpan> WaitForAsync(HostProcess host, int atLeast, int atMost, TimeSpan within)
    {
        var contacts = atMost;
        var started = DateTime.UtcNow;
        (int Offered, int Answered) last = default;
        while (DateTime.UtcNow - started < within)
        {
            try
            {
                last = await FiguresAsync(host);
                if (last.Offered > contacts || last.Answered > contacts)
                {
                    throw new InvalidOperationException($"{host.Name} counts {last} contacts, more than the {contacts} sent: something was counted twice.");
                }

                if (last.Offered >= atLeast && last.Answered >= atLeast && last.Offered == last.Answered)
                {
                    return DateTime.UtcNow - started;
                }
            }
            catch (HttpRequestException)
            {
                // the node is still rebuilding what it serves
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{host.Name} shows {last} contacts, not {atLeast} to {atMost}, after {within}; see {host.LogPath}:\n{host.Tail()}");
    }
}
