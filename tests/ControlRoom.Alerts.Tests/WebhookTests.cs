using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ControlRoom.Alerts.Tests;

/// <summary>A real HTTP endpoint in the test: it checks the signature itself, as a chat or paging tool would.</summary>
public sealed class WebhookReceiver : LocalEndpoint
{
    public const string Secret = "test-webhook-secret";

    private readonly Channel<Received> received = Channel.CreateUnbounded<Received>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> refusedOnce = new();

    public Uri Url => new(BaseAddress, "/hook");

    public Uri EscalationUrl => new(BaseAddress, "/escalation");

    /// <summary>Deliveries about this queue are refused once with 503, to exercise the retry.</summary>
    public string FlakyQueue { get; init; } = "wh-flaky";

    protected override void Map(WebApplication app) =>
        app.MapPost("/{hook}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = request.Headers["X-ControlRoom-Timestamp"].ToString();
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var verified = CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(request.Headers["X-ControlRoom-Signature"].ToString()));
            var json = JsonDocument.Parse(body).RootElement.Clone();
            var delivery = request.Headers["X-ControlRoom-Delivery"].ToString();
            var refuse = json.GetProperty("alert").GetProperty("queueId").GetString() == FlakyQueue && refusedOnce.TryAdd(delivery, true);
            received.Writer.TryWrite(new Received(json, delivery, verified, refuse, request.Path));
            return refuse ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok();
        });

    public async Task<Received> NextAsync(Func<Received, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var item in received.Reader.ReadAllAsync(timeout.Token))
        {
            if (match(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("The receiver stopped before the expected delivery.");
    }

    public sealed record Received(JsonElement Body, string DeliveryId, bool SignatureVerified, bool Refused, string Path)
    {
        public string? Queue => Body.GetProperty("alert").GetProperty("queueId").GetString();

        public string? Event => Body.GetProperty("event").GetString();
    }
}

/// <summary>The host with one webhook pointing at the receiver, retrying fast so the test stays short.</summary>
public sealed class WebhookHost() : HostBeside<WebhookReceiver>(new WebhookReceiver())
{
    public WebhookReceiver Receiver => Endpoint;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Alerts:Webhooks:0:Url", Receiver.Url.ToString()),
        new("Alerts:Webhooks:0:Secret", WebhookReceiver.Secret),
        new("Alerts:FirstRetry", "00:00:00.050"),
        new("Alerts:EscalationSecret", WebhookReceiver.Secret),

        // The default wait rule, escalating one second after an alert opens unacknowledged.
        new("ControlRoom:Defaults:Rules:0:RuleId", "longest-wait"),
        new("ControlRoom:Defaults:Rules:0:Metric", "longestWaitSeconds"),
        new("ControlRoom:Defaults:Rules:0:Comparison", "Above"),
        new("ControlRoom:Defaults:Rules:0:Warning", "60"),
        new("ControlRoom:Defaults:Rules:0:Critical", "120"),
        new("ControlRoom:Defaults:Rules:0:Hysteresis", "10"),
        new("ControlRoom:Defaults:Rules:0:Runbook", "Answer the oldest contact first."),
        new("ControlRoom:Defaults:Rules:0:EscalateAfterSeconds", "1"),
        new("ControlRoom:Defaults:Rules:0:EscalateToRole", "admin"),
        new("ControlRoom:Defaults:Rules:0:EscalationWebhook", Receiver.EscalationUrl.ToString()),
    ];
}

public sealed class WebhookTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task RaisedAlert_IsPostedAsJson_WithAnHmacSignatureTheReceiverVerifies()
    {
        await AlertSignals.BreachAsync(host, "wh-signed");

        var delivery = await host.Receiver.NextAsync(r => r.Queue == "wh-signed" && r.Path == "/hook");

        delivery.SignatureVerified.Should().BeTrue();
        delivery.Event.Should().Be("raised");
        delivery.Body.GetProperty("alert").GetProperty("severity").GetString().Should().Be("critical");
        delivery.Body.GetProperty("alert").GetProperty("ruleId").GetString().Should().Be("longest-wait");
    }

    [Fact]
    public async Task RecoveredAlert_IsPostedWithTheValueThatRaisedIt_AndTheOneItRecoveredAt()
    {
        await AlertSignals.BreachAsync(host, "wh-recovered");
        await host.Receiver.NextAsync(r => r.Queue == "wh-recovered" && r.Event == "raised");

        await AlertSignals.ClearAsync(host, "wh-recovered");
        var resolved = (await host.Receiver.NextAsync(r => r.Queue == "wh-recovered" && r.Event == "resolved" && r.Path == "/hook")).Body.GetProperty("alert");

        resolved.GetProperty("raisedValue").GetDouble().Should().BeGreaterThanOrEqualTo(150);
        resolved.GetProperty("worstValue").GetDouble().Should().BeGreaterThanOrEqualTo(resolved.GetProperty("raisedValue").GetDouble());
        resolved.GetProperty("recoveredValue").GetDouble().Should().Be(0);
    }

    [Fact]
    public async Task UnacknowledgedAlert_EscalatesOnTheClock_ToTheRulesWebhook_AndSaysSoInItsTimeline()
    {
        await using var signals = await AlertSignals.StartAsync(host);
        await AlertSignals.BreachAsync(host, "wh-escalate");

        var escalated = await signals.NextAsync("wh-escalate", "escalated");
        var delivery = await host.Receiver.NextAsync(r => r.Queue == "wh-escalate" && r.Path == "/escalation");

        escalated.GetProperty("escalateToRole").GetString().Should().Be("admin");
        escalated.GetProperty("timeline").EnumerateArray().Last().GetProperty("note").GetString().Should().Contain("role admin");
        delivery.Event.Should().Be("escalated");
        delivery.SignatureVerified.Should().BeTrue();
    }

    [Fact]
    public async Task RefusedDelivery_IsRetried_WithTheSameDeliveryId()
    {
        await AlertSignals.BreachAsync(host, host.Receiver.FlakyQueue);

        var first = await host.Receiver.NextAsync(r => r.Queue == host.Receiver.FlakyQueue && r.Event == "raised");
        var retry = await host.Receiver.NextAsync(r => r.Queue == host.Receiver.FlakyQueue && r.Event == "raised");

        first.Refused.Should().BeTrue();
        retry.Refused.Should().BeFalse();
        retry.DeliveryId.Should().Be(first.DeliveryId);
        retry.SignatureVerified.Should().BeTrue();
    }
}

public sealed class MalformedWebhookHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Alerts:Webhooks:0:Url", "chat.example/hook")];
}

public sealed class WebhookConfigurationTests
{
    [Fact]
    public async Task MalformedWebhookUrl_StopsTheHostAtStart_NamingTheSetting()
    {
        var host = new MalformedWebhookHost();
        try
        {
            var start = host.InitializeAsync;

            (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
                .WithMessage("*Alerts:Webhooks*");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
