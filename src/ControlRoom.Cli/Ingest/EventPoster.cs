using System.Net;
using System.Net.Http.Json;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Cli.Ingest;

/// <summary>
/// Posts NDJSON batches to the host and says what became of each: accepted, worth another try (429, 5xx, the network,
/// a timeout; with the host's <c>Retry-After</c>), or refused for good. Sending a batch again is always safe: the host
/// counts event ids it already has as duplicates.
/// </summary>
public sealed class EventPoster(HttpClient http, IngestTarget target, TimeProvider clock)
{
    public IngestTarget Target => target;

    public async Task<PostOutcome> PostAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint)
            {
                Content = new NdjsonContent(lines),
            };
            request.Headers.Add(IngestTarget.KeyHeader, target.Key);
            if (target.Instance is { } instance)
            {
                request.Headers.Add(IngestTarget.SourceHeader, instance);
            }
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var answer = await response.Content.ReadFromJsonAsync<IngestAnswer>(cancellationToken);
                return new PostOutcome.Accepted(answer?.Accepted ?? 0, answer?.Duplicates ?? 0, answer?.Conflicts?.Count ?? 0);
            }

            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
            {
                return new PostOutcome.Transient($"{status} {response.ReasonPhrase}", RetryAfter(response));
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new PostOutcome.Refused(Refusal.From(response.StatusCode, body));
        }
        catch (HttpRequestException ex)
        {
            return new PostOutcome.Transient(ex.Message, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PostOutcome.Transient($"no answer within {http.Timeout.TotalSeconds:0} s", null);
        }
    }

    /// <summary>
    /// Posts until the host accepts or refuses, waiting <see cref="Backoff"/> between tries; gives up after
    /// <paramref name="maxAttempts"/> (null: never) with the last transient outcome.
    /// </summary>
    public async Task<PostOutcome> PostWithRetriesAsync(
        IReadOnlyList<string> lines, int? maxAttempts, Action<int, PostOutcome.Transient, TimeSpan> onRetry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await PostAsync(lines, cancellationToken);
            if (outcome is not PostOutcome.Transient transient || attempt == maxAttempts)
            {
                return outcome;
            }

            var delay = Backoff.Delay(attempt, transient.RetryAfter);
            onRetry(attempt, transient, delay);
            await Task.Delay(delay, clock, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };

    private sealed record IngestAnswer(int Accepted, int Duplicates, List<System.Text.Json.JsonElement>? Conflicts);
}
