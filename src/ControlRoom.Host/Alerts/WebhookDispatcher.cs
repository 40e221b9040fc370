using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ControlRoom.Contracts.Alerts;
using ControlRoom.Host.Live;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Alerts;

/// <summary>Configuration section <c>Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Endpoints told of every alert change (chat, paging tools).</summary>
    public List<AlertWebhook> Webhooks { get; set; } = [];

    /// <summary>Secret for the rules' escalation webhooks; unsigned when empty.</summary>
    public string? EscalationSecret { get; set; }

    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; it doubles with each further attempt, up to <see cref="LongestRetry"/>.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan LongestRetry { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class AlertWebhook
{
    public static bool IsValidUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public string Url { get; set; } = "";
    public string? Secret { get; set; }
}

/// <summary>
/// Delivers alert changes to webhooks from a background channel: JSON, signed with HMAC-SHA256 over
/// <c>{timestamp}.{body}</c> (header <c>X-ControlRoom-Signature: sha256=hex</c>), retried with doubling back-off.
/// A slow or failing endpoint delays only its own deliveries.
/// </summary>
public sealed partial class WebhookDispatcher(IHttpClientFactory http, IOptions<AlertOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string ClientName = "alert-webhooks";
    public const string SignatureHeader = "X-ControlRoom-Signature";
    public const string TimestampHeader = "X-ControlRoom-Timestamp";
    public const string DeliveryHeader = "X-ControlRoom-Delivery";
    public const string EventHeader = "X-ControlRoom-Event";

    private static readonly JsonSerializerOptions Json = CreateJson();
    private readonly Channel<Delivery> deliveries = Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim parallel = new(4);

    public void Enqueue(AlertChange change)
    {
        var action = JsonNamingPolicy.CamelCase.ConvertName(change.Action.ToString());
        var body = JsonSerializer.Serialize(new { @event = action, alert = change.Alert }, Json);
        Broadcast(action, body);

        if (change.EscalationWebhook is { Length: > 0 } escalation)
        {
            Offer(new Delivery(escalation, options.Value.EscalationSecret, action, body, Guid.NewGuid().ToString("N")));
        }
    }

    /// <summary>Sends one event (its name in <see cref="EventHeader"/>) to every configured webhook, signed and retried as alerts are.</summary>
    public void Broadcast(string eventName, string body)
    {
        foreach (var hook in options.Value.Webhooks)
        {
            Offer(new Delivery(hook.Url, hook.Secret, eventName, body, Guid.NewGuid().ToString("N")));
        }
    }

    /// <summary>The signature a receiver recomputes: HMAC-SHA256 of <c>{timestamp}.{body}</c> with the shared secret, lower-case hex.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    public override void Dispose()
    {
        parallel.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in deliveries.Reader.ReadAllAsync(stoppingToken))
        {
            await parallel.WaitAsync(stoppingToken);
            _ = DeliverAsync(delivery, stoppingToken);
        }
    }

    private void Offer(Delivery delivery)
    {
        if (!deliveries.Writer.TryWrite(delivery))
        {
            LogDropped(delivery.Url, delivery.Id);
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var settings = options.Value;
            var wait = settings.FirstRetry;
            for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
            {
                if (await TryOnceAsync(delivery, settings.Timeout, stoppingToken) is not { } retry)
                {
                    return;
                }

                if (!retry || attempt == settings.MaxAttempts)
                {
                    LogGaveUp(delivery.Url, delivery.Id, attempt);
                    return;
                }

                await Task.Delay(wait, clock, stoppingToken);
                wait = wait * 2 > settings.LongestRetry ? settings.LongestRetry : wait * 2;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogAbandoned(delivery.Url, delivery.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing awaits this task: a delivery that cannot even be attempted (a malformed URL) must still be told.
            LogBroken(ex, delivery.Url, delivery.Id);
        }
        finally
        {
            parallel.Release();
        }
    }

    /// <summary>Null when delivered; otherwise whether another attempt could succeed.</summary>
    private async Task<bool?> TryOnceAsync(Delivery delivery, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventHeader, delivery.Action);
        request.Headers.Add(DeliveryHeader, delivery.Id);
        request.Headers.Add(TimestampHeader, timestamp);
        if (delivery.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(SignatureHeader, Sign(secret, timestamp, delivery.Body));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        cancel.CancelAfter(timeout);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, cancel.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var status = (int)response.StatusCode;
            LogRefused(delivery.Url, delivery.Id, status);

            // A client error other than timeout or throttling will not heal by itself.
            return status >= 500 || status is 408 or 429;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogFailed(ex, delivery.Url, delivery.Id);
            return true;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions();
        LiveExtensions.UseContractJson(json);
        return json;
    }

    private sealed record Delivery(string Url, string? Secret, string Action, string Body, string Id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url} answered {Status} to delivery {DeliveryId}")]
    private partial void LogRefused(string url, string deliveryId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url} could not be reached for delivery {DeliveryId}")]
    private partial void LogFailed(Exception exception, string url, string deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on webhook {Url} delivery {DeliveryId} after {Attempts} attempts")]
    private partial void LogGaveUp(string url, string deliveryId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down before webhook {Url} delivery {DeliveryId} succeeded")]
    private partial void LogAbandoned(string url, string deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Url} delivery {DeliveryId} cannot be sent")]
    private partial void LogBroken(Exception exception, string url, string deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook backlog is full; dropping delivery {DeliveryId} to {Url}")]
    private partial void LogDropped(string url, string deliveryId);
}
