using System.Net;
using System.Text.Json;

namespace ControlRoom.Cli.Ingest;

/// <summary>What became of one <c>POST /api/events</c>.</summary>
public abstract record PostOutcome
{
    /// <summary>
    /// <c>202</c>: every event of the request is durable in the host (contract §1). Conflicts are events whose id the
    /// host had accepted before with other content: the first content stands, these were not applied.
    /// </summary>
    public sealed record Accepted(int Count, int Duplicates, int Conflicts = 0) : PostOutcome;

    /// <summary>Not applied, but worth sending again: 429, 5xx, a network error or a timeout.</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter) : PostOutcome;

    /// <summary>Not applied, and sending the same request again would get the same answer.</summary>
    public sealed record Refused(Refusal Refusal) : PostOutcome;
}

/// <summary>One event of a refused request, by its index in the request, with the host's reasons.</summary>
public sealed record InvalidEvent(int Index, string Reasons);

/// <summary>Why the host refused a request: its status, the problem document's title and detail, and for a 400 every bad event.</summary>
public sealed record Refusal(HttpStatusCode Status, string Summary, IReadOnlyList<InvalidEvent> Invalid)
{
    /// <summary>Reads an RFC 9457 problem document (or whatever body came) into a refusal.</summary>
    public static Refusal From(HttpStatusCode status, string body)
    {
        string? title = null, detail = null;
        var invalid = new List<InvalidEvent>();
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var index = error.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : -1;
                    var reasons = error.TryGetProperty("errors", out var r) && r.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", r.EnumerateArray().Select(x => x.ToString()))
                        : error.ToString();
                    invalid.Add(new InvalidEvent(index, reasons));
                }
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 300 ? body[..300] : body;
        }

        var what = status switch
        {
            HttpStatusCode.Unauthorized => "the host refused the API key (401)",
            HttpStatusCode.Forbidden => "the API key may not send events (403)",
            HttpStatusCode.RequestEntityTooLarge => "the batch is too large for the host (413); try a smaller --batch",
            _ => $"the host answered {(int)status}",
        };
        var summary = $"{what}{(title is null ? "" : $": {title}")}{(string.IsNullOrEmpty(detail) ? "" : $" - {detail}")}";
        return new Refusal(status, summary, invalid);
    }

    /// <summary>The refusal as lines for stderr, each bad event named by the input line it came from.</summary>
    public IEnumerable<string> Describe(string source, EventBatch batch, int most = 20)
    {
        yield return $"error: {Summary}";
        foreach (var bad in Invalid.Take(most))
        {
            yield return batch.LineOf(bad.Index) is { } line
                ? $"error: {source} line {line}: {bad.Reasons}"
                : $"error: event #{bad.Index} of the batch: {bad.Reasons}";
        }

        if (Invalid.Count > most)
        {
            yield return $"error: … and {Invalid.Count - most} more invalid events in that batch";
        }
    }
}
