using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// <c>POST /api/sources/amazon-connect</c>: an Amazon Data Firehose stream's HTTP endpoint destination. Firehose
/// authenticates with the access key configured on the destination (<c>X-Amz-Firehose-Access-Key</c>), so this
/// endpoint takes no API key or cookie. Every answer has Firehose's shape (<c>{requestId, timestamp}</c>, plus
/// <c>errorMessage</c> on failure): anything else Firehose treats as a failed delivery.
/// </summary>
public static partial class FirehoseEndpoint
{
    public const string Path = "/api/sources/amazon-connect";
    public const string Source = "amazon-connect";
    public const string AccessKeyHeader = "X-Amz-Firehose-Access-Key";
    public const string RequestIdHeader = "X-Amz-Firehose-Request-Id";

    /// <summary>After gzip decoding. Firehose's buffer size is at most 64 MiB; configure the stream's at 16 MiB or less.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Firehose waits 3 minutes; ingest gets one, then the answer is "retry".</summary>
    public static readonly TimeSpan IngestWithin = TimeSpan.FromMinutes(1);

    private const int RejectionsLogged = 20;

    public static async Task<IResult> HandleAsync(HttpRequest request, IOptions<AmazonConnectOptions> options, ConnectRecordMapper mapper,
        SourceIngest ingest, SourceActivity activity, TimeProvider clock, ILogger<ConnectRecordMapper> logger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var requestId = request.Headers[RequestIdHeader].ToString();
        IResult Answer(int status, string? error = null, string? title = null) => Results.Json(
            new FirehoseResponse(requestId, clock.GetUtcNow().ToUnixTimeMilliseconds()) { ErrorMessage = error, Title = title, Status = error is null ? null : status },
            FirehoseJsonContext.Default.FirehoseResponse, "application/json", status);

        if (!settings.Enabled)
        {
            return Answer(StatusCodes.Status404NotFound, $"Amazon Connect intake is off: set {AmazonConnectOptions.Section}:AccessKey.", "Intake off");
        }

        var presented = request.Headers[AccessKeyHeader].ToString();
        if (presented.Length == 0)
        {
            return Answer(StatusCodes.Status401Unauthorized, $"{AccessKeyHeader} is missing.", "Access key missing");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(settings.AccessKey!)))
        {
            activity.Rejected(Source, 1);
            Log.WrongKey(logger, requestId);
            return Answer(StatusCodes.Status403Forbidden, $"{AccessKeyHeader} does not match the configured access key.", "Wrong access key");
        }

        var read = await SourceBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (read.Body is not { } body)
        {
            return Answer(read.Status!.Value, read.Error, "Unreadable delivery");
        }

        if (FirehoseDelivery.Read(body, mapper, out var error) is not { } delivery)
        {
            activity.Rejected(Source, 1);
            return Answer(StatusCodes.Status400BadRequest, error, "Unreadable delivery");
        }

        requestId = delivery.RequestId ?? requestId;
        activity.Received(Source, delivery.Records);
        activity.Ignored(Source, delivery.Ignored);
        activity.Rejected(Source, delivery.Rejected.Count);
        foreach (var rejected in delivery.Rejected.Take(RejectionsLogged))
        {
            Log.RecordRejected(logger, requestId, rejected.Index, rejected.Reason);
        }

        if (delivery.Rejected.Count > RejectionsLogged)
        {
            Log.MoreRejected(logger, requestId, delivery.Rejected.Count - RejectionsLogged);
        }

        if (!(await ingest.IngestAsync(Source, delivery.Events, IngestWithin, cancellationToken)).Stored)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)SourceIngest.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Answer(StatusCodes.Status503ServiceUnavailable, "The records could not be stored now; Firehose retries the delivery.", "Ingest unavailable");
        }

        return Answer(StatusCodes.Status200OK);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose delivery {RequestId} refused: wrong access key")]
        public static partial void WrongKey(ILogger logger, string requestId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose delivery {RequestId}: record {Index} left out: {Reason}")]
        public static partial void RecordRejected(ILogger logger, string requestId, int index, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose delivery {RequestId}: {Count} more records left out")]
        public static partial void MoreRejected(ILogger logger, string requestId, int count);
    }
}
