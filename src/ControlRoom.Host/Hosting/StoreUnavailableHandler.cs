using ControlRoom.Grains.Durability;
using Microsoft.AspNetCore.Diagnostics;

namespace ControlRoom.Host.Hosting;

/// <summary>
/// Any request that fails because the store is unreachable (an alert acknowledged, a board saved while Redis is
/// down) answers 503 with <c>Retry-After</c> and a problem document, not 500: nothing was saved, and trying again
/// later is the right thing to do.
/// </summary>
internal sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreFailures.IsUnavailable(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Store unavailable",
                Detail = "The store cannot be reached now; nothing was saved. Try again shortly.",
                Type = "https://controlroom.example/problems/unavailable",
            },
        });
    }
}
