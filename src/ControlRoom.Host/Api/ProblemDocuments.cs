using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Api;

/// <summary>
/// Every error of the API is an RFC 9457 problem document, whatever the request looked like: an Accept header that
/// does not name JSON, a body the framework could not bind, a body larger than the server takes.
/// </summary>
public static class ProblemDocuments
{
    public static IServiceCollection AddProblemDocuments(this IServiceCollection services)
    {
        // Ahead of the default writer, which declines when Accept does not mention JSON.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ApiProblemWriter>());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Localize);

        // A request the framework cannot bind (a malformed JSON body, "abc" for a number) is the client's error in
        // every environment: 400, not an exception page in Development and a bare 400 elsewhere.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = ex => ex is BadHttpRequestException bad
            ? bad.StatusCode
            : StatusCodes.Status500InternalServerError);

        // No property twice in any JSON body, as for events: a later copy must not silently win.
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowDuplicateProperties = false);
        return services;
    }

    /// <summary>
    /// Problem documents as JSON even when the client did not ask for JSON: for everything but a browser navigating to
    /// a page (a GET that accepts HTML), which gets what it asked for.
    /// </summary>
    private sealed class ApiProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context)
        {
            var request = context.HttpContext.Request;
            return request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
                || !(HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));
        }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var response = context.HttpContext.Response;
            var problem = context.ProblemDetails;
            problem.Status ??= response.StatusCode;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json"));
        }
    }
}
