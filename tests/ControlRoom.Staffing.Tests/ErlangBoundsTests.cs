using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Staffing;

namespace ControlRoom.Staffing.Tests;

/// <summary>
/// Issue 14 item 3: one calculator request costs a bounded amount of work. Inputs outside the documented ranges are
/// refused before anything is computed; inside them, a query needing more steps than the budget gets 422.
/// </summary>
public sealed class ErlangBoundsTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private const string Base = "/api/staffing/erlang?arrivals=100&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=20";

    /// <summary>Inside every range, but Erlang A on 3,000 Erlangs judged over an hour's threshold: billions of steps.</summary>
    public const string Costly = "/api/staffing/erlang?arrivals=30000&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=3600&targetServiceLevel=99.9&patienceSeconds=3600";

    [Fact]
    public async Task TheIssuesPinningQuery_IsRefusedBeforeComputing()
    {
        using var client = host.ApiClient();

        using var response = await client.GetAsync("/api/staffing/erlang?arrivals=10&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=10000000&agents=10&patienceSeconds=0.01");

        var errors = await Errors(response, HttpStatusCode.BadRequest);
        errors.Should().BeEquivalentTo("thresholdSeconds", "patienceSeconds");
    }

    [Theory]
    [InlineData("arrivals", "1000001")]
    [InlineData("intervalSeconds", "0.5")]
    [InlineData("intervalSeconds", "86401")]
    [InlineData("ahtSeconds", "0")]
    [InlineData("ahtSeconds", "86401")]
    [InlineData("thresholdSeconds", "3601")]
    [InlineData("thresholdSeconds", "-1")]
    [InlineData("patienceSeconds", "0.99")]
    [InlineData("patienceSeconds", "3601")]
    [InlineData("targetServiceLevel", "100")]
    [InlineData("agents", "10001")]
    [InlineData("arrivals", "1e308")]
    [InlineData("arrivals", "NaN")]
    [InlineData("arrivals", "Infinity")]
    public async Task ValueOutsideItsRange_IsNamed(string name, string value)
    {
        using var client = host.ApiClient();
        var query = new Dictionary<string, string>
        {
            ["arrivals"] = "100", ["intervalSeconds"] = "1800", ["ahtSeconds"] = "180", ["thresholdSeconds"] = "20", ["targetServiceLevel"] = "80",
            [name] = value,
        };

        using var response = await client.GetAsync("/api/staffing/erlang?" + string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")));

        (await Errors(response, HttpStatusCode.BadRequest)).Should().Contain(name);
    }

    [Fact]
    public async Task EveryRangesMaximum_IsAccepted()
    {
        using var client = host.ApiClient();

        using var erlangC = await client.GetAsync("/api/staffing/erlang?arrivals=1000000&intervalSeconds=86400&ahtSeconds=259&thresholdSeconds=3600&targetServiceLevel=99.99");
        using var erlangA = await client.GetAsync(Base + "&agents=10000&patienceSeconds=1");

        erlangC.StatusCode.Should().Be(HttpStatusCode.OK);
        erlangA.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueryOverTheBudget_Gets422_AsAProblem()
    {
        using var client = host.ApiClient();

        using var response = await client.GetAsync(Costly);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("200,000,000");
    }

    [Fact]
    public async Task WhatIf_WithTooManyQueues_IsRefused()
    {
        using var planner = await host.SignInAsync("planner");
        var add = Enumerable.Range(0, RerouteValidation.MaxQueuesPerReroute + 1).Select(i => new { queueId = $"q{i}" }).ToArray();

        using var response = await planner.PostAsJsonAsync("/api/agents/any-agent/queues/what-if", new { add });

        (await Errors(response, HttpStatusCode.BadRequest)).Should().Contain("add");
    }

    private static async Task<IReadOnlyList<string>> Errors(HttpResponseMessage response, HttpStatusCode expected)
    {
        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}
