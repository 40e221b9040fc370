using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace ControlRoom.Host.Hosting;

/// <summary>
/// Any request that fails because the store is unreachable (an alert acknowledged, a board saved while Redis is
/// down), or because a node is being replaced (a grain call to a silo that just died), answers 503 with
/// <c>Retry-After</c> and a problem document, not 500: trying again shortly is the right thing to do.
/// </summary>
internal sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var store = StoreFailures.IsUnavailable(exception);
        if (!store && !ClusterFailures.IsTransient(exception, httpContext.RequestAborted))
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
                Title = store ? "Store unavailable" : "A node is being replaced",
                Detail = store
                    ? "The store cannot be reached now; nothing was saved. Try again shortly."
                    : "Part of the cluster is being rebuilt after a node stopped; try again in a few seconds.",
                Type = "https://controlroom.example/problems/unavailable",
            },
        });
    }
}
