using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ControlRoom.Staffing.Tests;

/// <summary><c>GET /api/staffing/erlang</c>: the reference case through HTTP, and bad parameters named.</summary>
public sealed class ErlangEndpointTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private const string Reference = "/api/staffing/erlang?arrivals=100&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=20&targetServiceLevel=80";

    [Fact]
    public async Task ErlangC_ReferenceCase_AnswersFourteenAgents()
    {
        using var client = host.ApiClient();

        var body = await client.GetFromJsonAsync<JsonElement>(Reference);

        body.GetProperty("agents").GetInt32().Should().Be(14);
        body.GetProperty("serviceLevel").GetDouble().Should().BeApproximately(88.835, 0.0005);
        body.GetProperty("asa").GetDouble().Should().BeApproximately(7.836, 0.0005);
        body.GetProperty("probabilityOfWaiting").GetDouble().Should().BeApproximately(0.17413, 0.000005);
        body.GetProperty("occupancy").GetDouble().Should().BeApproximately(0.714286, 0.000001);
        body.TryGetProperty("probabilityOfAbandon", out _).Should().BeFalse();
    }

    [Fact]
    public async Task ErlangA_GivenAgentsAndPatience_EvaluatesThatStaffing()
    {
        using var client = await host.SignInAsync("viewer");

        var body = await client.GetFromJsonAsync<JsonElement>(Reference + "&agents=14&patienceSeconds=300");

        body.GetProperty("model").GetString().Should().Be("erlang-a");
        body.GetProperty("agents").GetInt32().Should().Be(14);
        body.GetProperty("probabilityOfWaiting").GetDouble().Should().BeApproximately(0.14526, 0.000005);
        body.GetProperty("probabilityOfAbandon").GetDouble().Should().BeApproximately(0.013984, 0.0000005);
    }

    [Fact]
    public async Task BadParameters_AreEachNamedInOneProblem()
    {
        using var client = host.ApiClient();

        using var response = await client.GetAsync("/api/staffing/erlang?arrivals=-1&intervalSeconds=0&ahtSeconds=abc&targetServiceLevel=120&agents=x");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "arrivals", "intervalSeconds", "ahtSeconds", "thresholdSeconds", "targetServiceLevel", "agents");
    }

    [Fact]
    public async Task Anonymous_IsTurnedAway()
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync(Reference);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
