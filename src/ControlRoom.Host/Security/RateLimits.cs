using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ControlRoom.Host.Security;

/// <summary>One token bucket: <see cref="Permits"/> requests every <see cref="Period"/>, up to <see cref="Burst"/> at once.</summary>
public sealed class RequestRate
{
    public int Permits { get; set; }
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
    public int Burst { get; set; }

    internal TokenBucketRateLimiterOptions ToBucket() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = Permits,
        ReplenishmentPeriod = Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Configuration section <c>RateLimits</c>. Ingest and the expensive reads are limited per caller (an API key, a
/// signed-in person), sign-in per client address. The defaults leave normal use untouched: a replay at full speed
/// (<c>controlroom replay --batch 5000</c>, about 15 requests a second; <c>--batch 1000</c> about 110) stays far
/// below the ingest rate.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public RequestRate Ingest { get; set; } = new() { Permits = 200, Burst = 400 };

    /// <summary>The Erlang calculator, staffing, forecasts, what-if, interval and alert lists.</summary>
    public RequestRate Expensive { get; set; } = new() { Permits = 10, Burst = 40 };

    /// <summary>Each sign-in costs a PBKDF2 hash (tens of milliseconds of CPU) and is a password guess.</summary>
    public RequestRate SignIn { get; set; } = new() { Permits = 30, Period = TimeSpan.FromMinutes(1), Burst = 60 };
}

public static class RateLimits
{
    public const string Ingest = "ingest";
    public const string Expensive = "expensive";
    public const string SignIn = "sign-in";

    /// <summary>The claim naming a caller for rate limits: <c>key:</c> and a hash of the API key, or <c>user:</c> and the name.</summary>
    public const string CallerClaim = "controlroom:caller";

    public static IServiceCollection AddControlRoomRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        foreach (var (name, rate) in new[] { (Ingest, limits.Ingest), (Expensive, limits.Expensive), (SignIn, limits.SignIn) })
        {
            if (rate.Permits < 1 || rate.Burst < 1 || rate.Period <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{RateLimitOptions.Section} '{name}' needs Permits and Burst of at least 1 and a positive Period.");
            }
        }

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Ingest, context => RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => limits.Ingest.ToBucket()));
            o.AddPolicy(Expensive, context => RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => limits.Expensive.ToBucket()));
            o.AddPolicy(SignIn, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => limits.SignIn.ToBucket()));
            o.OnRejected = Reject;
        });
        return services;
    }

    /// <summary>Who is asking: each API key and each person has a bucket of their own.</summary>
    private static string Caller(HttpContext context) =>
        context.User.FindFirstValue(CallerClaim)
        ?? (context.User.Identity?.Name is { } name ? "user:" + name : "address:" + context.Connection.RemoteIpAddress);

    /// <summary>429 with <c>Retry-After</c> (whole seconds, at least one) and a problem document saying when to come back.</summary>
    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This caller is over its request rate; retry after {seconds} s. Nothing of this request was applied.",
            type: "https://controlroom.example/problems/rate-limited").ExecuteAsync(context);
    }
}
