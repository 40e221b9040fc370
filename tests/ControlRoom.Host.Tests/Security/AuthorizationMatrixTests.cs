using System.Net;
using System.Net.Http.Json;

namespace ControlRoom.Host.Tests.Security;

/// <summary>Who may do what: every role against every kind of endpoint, through the real pipeline.</summary>
public sealed class AuthorizationMatrixTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    public static TheoryData<string, string, string, HttpStatusCode> Matrix => new()
    {
        // caller, method, path, expected
        { "anonymous", "GET", "/api/queues", HttpStatusCode.Unauthorized },
        { "anonymous", "GET", "/api/agents", HttpStatusCode.Unauthorized },
        { "anonymous", "POST", "/api/events", HttpStatusCode.Unauthorized },
        { "wrong-key", "GET", "/api/queues", HttpStatusCode.Unauthorized },
        { "wrong-key", "POST", "/api/events", HttpStatusCode.Unauthorized },
        { "key", "GET", "/api/queues", HttpStatusCode.OK },
        { "key", "POST", "/api/events", HttpStatusCode.Accepted },
        { "key", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/api/queues", HttpStatusCode.OK },
        { "viewer", "POST", "/api/events", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "lead", "GET", "/api/agents", HttpStatusCode.OK },
        { "lead", "POST", "/api/events", HttpStatusCode.Forbidden },
        { "lead", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "planner", "GET", "/api/queues", HttpStatusCode.OK },
        { "planner", "GET", "/dashboard/", HttpStatusCode.Forbidden },
        { "admin", "GET", "/api/queues", HttpStatusCode.OK },
        { "admin", "GET", "/dashboard/", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_AnswersEachCallerAsItsRoleAllows(string caller, string method, string path, HttpStatusCode expected)
    {
        using var client = await ClientFor(caller);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new[] { ContractEvents.Offered($"auth-{caller}-{Guid.NewGuid():N}", "auth-q", DateTimeOffset.UtcNow) });
        }

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Pages_RedirectAnonymousVisitorsToSignIn()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Contain("/account/login");
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefused()
    {
        var signIn = () => host.SignInAsync("admin", "not-the-password");

        await signIn.Should().ThrowAsync<InvalidOperationException>().WithMessage("*failed*");
    }

    [Fact]
    public async Task Hub_RefusesAnonymousAndWrongKeys()
    {
        await using var wrongKey = host.Hub(apiKey: "wrong");

        var start = () => wrongKey.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> ClientFor(string caller) => caller switch
    {
        "anonymous" => host.AnonymousClient(),
        "wrong-key" => host.ApiClient("wrong"),
        "key" => host.ApiClient(),
        _ => await host.SignInAsync(caller),
    };
}
