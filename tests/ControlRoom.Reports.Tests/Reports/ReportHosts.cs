using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ControlRoom.Contracts.Boards;
using ControlRoom.Host.Reports;
using ControlRoom.Reports.Tests.Callbacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Reports.Tests.Reports;

/// <summary>Receives webhook posts on a real loopback port and checks their signature as a receiver would.</summary>
public sealed class ReportReceiver : LocalEndpoint
{
    public const string Secret = "report-webhook-secret";

    private readonly Channel<(string Event, bool Verified, JsonElement Body)> received = Channel.CreateUnbounded<(string, bool, JsonElement)>();

    public Uri Url => new(BaseAddress, "/hook");

    protected override void Map(WebApplication app) =>
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = request.Headers["X-ControlRoom-Timestamp"].ToString();
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var verified = expected == request.Headers["X-ControlRoom-Signature"].ToString();
            received.Writer.TryWrite((request.Headers["X-ControlRoom-Event"].ToString(), verified, JsonDocument.Parse(body).RootElement.Clone()));
            return Results.Ok();
        });

    public async Task<(string Event, bool Verified, JsonElement Body)> NextAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var item in received.Reader.ReadAllAsync(timeout.Token))
        {
            if (item.Event == eventName)
            {
                return item;
            }
        }

        throw new InvalidOperationException("the receiver stopped");
    }
}

/// <summary>
/// The host with one shift, "late", in UTC: two hours ending at the whole minute <paramref name="endsIn"/> from now,
/// so the contacts the tests post (minutes ago) lie inside it. The shift-end scheduler waits on a fake clock the test moves.
/// </summary>
public class ShiftHost(ReportReceiver receiver, SmtpServer? smtp, TimeSpan endsIn) : ControlRoomHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public DateTimeOffset ShiftEnd { get; } = Minute(DateTimeOffset.UtcNow + endsIn);

    public DateTimeOffset ShiftStart => ShiftEnd.AddHours(-2);

    public ReportReceiver Receiver => receiver;

    public static DateTimeOffset Minute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Reports:Shifts:0:Name", "late"),
        new("Reports:Shifts:0:Start", ShiftStart.ToString("HH:mm", CultureInfo.InvariantCulture)),
        new("Reports:Shifts:0:End", ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture)),
        new("Reports:Shifts:0:TimeZone", "UTC"),
        new("Alerts:Webhooks:0:Url", receiver.Url.ToString()),
        new("Alerts:Webhooks:0:Secret", ReportReceiver.Secret),
        .. smtp is null ? [] : new KeyValuePair<string, string?>[]
        {
            new("Reports:Smtp:Host", "127.0.0.1"),
            new("Reports:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture)),
            new("Reports:Smtp:From", "controlroom@example.org"),
            new("Reports:Smtp:To:0", "leads@example.org"),
        },
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddKeyedSingleton<TimeProvider>(ReportsExtensions.ClockKey, Clock));
    }

    public override async Task InitializeAsync()
    {
        await receiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await receiver.DisposeAsync();
    }

    /// <summary>The day the shift starts on (UTC), as the API names an occurrence.</summary>
    public string Day => ShiftStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// A shift that ended at the last whole minute, so its report can be asked for at once, with contacts posted in it
/// once: four on rp-a and one on rp-b (a board, "Client RP"), and one on rp-a before the shift.
/// </summary>
public sealed class EndedShiftHost() : ShiftHost(new ReportReceiver(), null, TimeSpan.Zero)
{
    private Task? seeding;

    public Task Seeded => seeding ??= SeedAsync();

    private async Task SeedAsync()
    {
        var grains = Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IBoardsGrain>(0).SaveBoard(new BoardDefinition("rp-board", "Client RP", ["rp-a", "rp-b"], BoardDensity.Normal));
        using var api = ApiClient();

        // The start of a 15-minute interval inside the shift, so the four rp-a contacts share one (the peak).
        var t = Minute(ShiftEnd.AddMinutes(-40));
        t = t.AddMinutes(-(t.Minute % 15));
        await api.PostAcceptedAsync(
            Offered("rp-1", "rp-a", t), Answered("rp-1", "ag-1", t.AddSeconds(10)), Ended("rp-1", t.AddSeconds(130)),
            Offered("rp-2", "rp-a", t.AddMinutes(1)), Answered("rp-2", "ag-2", t.AddMinutes(1).AddSeconds(40)), Ended("rp-2", t.AddMinutes(1).AddSeconds(100)),
            Offered("rp-4", "rp-a", t.AddMinutes(3)), Abandoned("rp-4", t.AddMinutes(3).AddSeconds(2)),
            Offered("rp-5", "rp-b", t.AddMinutes(20)), Answered("rp-5", "ag-3", t.AddMinutes(20).AddSeconds(5)),
            Offered("rp-early", "rp-a", ShiftStart.AddMinutes(-20)), Answered("rp-early", "ag-1", ShiftStart.AddMinutes(-19)));
        await api.AbandonAsync("rp-3", "rp-a", "cust-rp", TimeSpan.FromSeconds(50), DateTimeOffset.UtcNow - t.AddMinutes(2).AddSeconds(50));
    }
}
