using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Security;

/// <summary>A host whose buckets hold two requests and never refill within a test: the third is over the rate.</summary>
public sealed class RateLimitedHost : ControlRoomHost
{
    public const string SecondKey = "second-source-key";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Ingest:ApiKeys:0", DevelopmentKey),
        new("Ingest:ApiKeys:1", SecondKey),
        new("RateLimits:Ingest:Permits", "1"), new("RateLimits:Ingest:Period", "01:00:00"), new("RateLimits:Ingest:Burst", "2"),
        new("RateLimits:Expensive:Permits", "1"), new("RateLimits:Expensive:Period", "01:00:00"), new("RateLimits:Expensive:Burst", "2"),
    ];
}

/// <summary>A host whose sign-in bucket holds four attempts per address and never refills within a test.</summary>
public sealed class SignInLimitedHost : ControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("RateLimits:SignIn:Permits", "1"), new("RateLimits:SignIn:Period", "01:00:00"), new("RateLimits:SignIn:Burst", "4")];
}

/// <summary>Issue 14 item 3: ingest and expensive reads are limited per API key and per person; sign-in per address.</summary>
public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    private const string Erlang = "/api/staffing/erlang?arrivals=100&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=20&targetServiceLevel=80";

    [Fact]
    public async Task IngestOverTheRate_Gets429WithRetryAfter_AndAppliesNothing_WhileAnotherKeyIsServed()
    {
        using var first = host.ApiClient();
        using var second = host.ApiClient(RateLimitedHost.SecondKey);
        var now = DateTimeOffset.UtcNow;
        await first.PostAcceptedAsync(Offered("rl-1", "rl-ingest", now.AddSeconds(-3)));
        await first.PostAcceptedAsync(Offered("rl-2", "rl-ingest", now.AddSeconds(-2)));

        using var third = await first.PostEventsAsync(Offered("rl-3", "rl-ingest-third", now.AddSeconds(-1)));
        var other = await second.PostAcceptedAsync(Offered("rl-4", "rl-ingest-other", now.AddSeconds(-1)));

        await ShouldBeThrottled(third);
        other.GetProperty("accepted").GetInt32().Should().Be(1, "each API key has a bucket of its own");
        using var applied = await second.GetAsync("/api/queues/rl-ingest-third");
        applied.StatusCode.Should().Be(HttpStatusCode.NotFound, "a throttled request applies nothing");
    }

    [Fact]
    public async Task ExpensiveReadsOverTheRate_Get429_PerPerson()
    {
        using var viewer = await host.SignInAsync("viewer");
        using var planner = await host.SignInAsync("planner");
        (await viewer.GetAsync(Erlang)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await viewer.GetAsync(Erlang)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var third = await viewer.GetAsync(Erlang);
        using var someoneElse = await planner.GetAsync(Erlang);

        await ShouldBeThrottled(third);
        someoneElse.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CheapReads_AreNotLimited()
    {
        using var client = host.ApiClient(RateLimitedHost.SecondKey);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/api/queues");
            answers.Add(response.StatusCode);
        }

        answers.Should().AllBeEquivalentTo(HttpStatusCode.OK);
    }

    internal static async Task ShouldBeThrottled(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(429);
    }
}

/// <summary>Each sign-in costs a PBKDF2 hash and is a password guess: limited per client address.</summary>
public sealed class SignInLimitTests(SignInLimitedHost host) : IClassFixture<SignInLimitedHost>
{
    [Fact]
    public async Task SignInsFromOneAddress_AreLimited_WrongPasswordOrRight()
    {
        using var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = SignIn.AntiforgeryFieldOf(await browser.GetStringAsync("/account/login"));
        var statuses = new List<HttpStatusCode>();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "admin",
                ["password"] = attempt == 3 ? ControlRoomHost.DevelopmentPassword : "guess-" + attempt,
                [token.Key] = token.Value,
            }));
            statuses.Add(response.StatusCode);
            if (attempt == 4)
            {
                await RateLimitTests.ShouldBeThrottled(response);
            }
        }

        statuses.Take(4).Should().AllBeEquivalentTo(HttpStatusCode.Redirect, "four attempts fit the bucket (wrong passwords go back to the form)");
        statuses[4].Should().Be(HttpStatusCode.TooManyRequests);
    }
}
