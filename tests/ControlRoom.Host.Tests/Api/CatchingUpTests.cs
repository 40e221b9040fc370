using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Api;

/// <summary>
/// A source posting a backlog of events hours old pages nobody for the waits in it: the queue's snapshot says it is
/// catching up, with how far behind, until the source posts something live.
/// </summary>
public sealed class CatchingUpTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private const string Queue = "cu-api";

    [Fact]
    public async Task BacklogHoursOld_ShowsCatchingUp_AndRaisesNoAlert_UntilALiveEvent()
    {
        using var client = host.ApiClient();
        var start = DateTimeOffset.UtcNow;
        await client.PostAcceptedAsync(
            Offered("cu-open", Queue, start.AddHours(-2)),
            Offered("cu-done", Queue, start.AddHours(-2).AddMinutes(1)),
            Answered("cu-done", "cu-agent", start.AddHours(-2).AddMinutes(2)),
            Ended("cu-done", start.AddHours(-1)));

        // The queue judges the request before the POST is answered: this snapshot is judged.
        var behind = await client.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}");

        behind.GetProperty("catchingUp").GetBoolean().Should().BeTrue();
        behind.GetProperty("sourceLagSeconds").GetDouble().Should().BeApproximately(3600, 60, "the request's newest event ended an hour before it arrived");
        behind.GetProperty("waiting").GetInt32().Should().Be(1, "cu-open is shown as the backlog tells it");
        behind.GetProperty("status").GetString().Should().Be("ok");
        behind.GetProperty("breaches").GetArrayLength().Should().Be(0);

        var liveSent = DateTimeOffset.UtcNow;
        await client.PostAcceptedAsync(Offered("cu-live", Queue, liveSent));
        var live = await client.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}");

        live.GetProperty("catchingUp").GetBoolean().Should().BeFalse();
        live.GetProperty("sourceLagSeconds").GetDouble().Should().BeLessThan(60);
        live.GetProperty("status").GetString().Should().Be("critical", "live again, the two-hour wait of cu-open is judged at once");

        // Alerts are told one-way after the queue's judgement: the live event's alert is the queue's first and only one.
        var alerts = await Eventually.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/alerts?queueId={Queue}"),
            a => a.GetArrayLength() > 0,
            $"the longest-wait alert of {Queue}");
        var alert = alerts.EnumerateArray().Should().ContainSingle().Subject;
        alert.GetProperty("ruleId").GetString().Should().Be("longest-wait");
        alert.GetProperty("raisedAt").GetDateTimeOffset().Should().BeOnOrAfter(liveSent, "nothing was raised while the source caught up");
    }
}
