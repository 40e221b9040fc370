using System.Net;
using System.Text;
using ControlRoom.Host.Sources.AmazonConnect;
using ControlRoom.Host.Sources.Twilio;
using ControlRoom.Sources.Tests.Twilio;

namespace ControlRoom.Sources.Tests;

/// <summary>Without their secret configured, both platform endpoints are off.</summary>
public sealed class SourcesOffTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task TaskRouterEndpoint_IsOff_WithoutAnAuthToken()
    {
        using var client = host.AnonymousClient();
        using var request = TaskRouterCallbacks.SignedPost(TaskRouterEndpoint.Path, "", "http://localhost" + TaskRouterEndpoint.Path,
            new TaskRouterCallbacks().TaskQueueEntered(DateTimeOffset.UtcNow));

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FirehoseEndpoint_IsOff_WithoutAnAccessKey()
    {
        using var client = host.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, FirehoseEndpoint.Path)
        {
            Content = new StringContent("""{"requestId":"r","timestamp":1,"records":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(FirehoseEndpoint.AccessKeyHeader, "");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
