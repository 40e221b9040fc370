using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlRoom.Host.ApiDocs;

/// <summary>
/// Every error response of every operation is an RFC 9457 problem document (the host's status code pages and
/// handlers write one): this gives each 4xx/5xx response the <c>application/problem+json</c> body and a
/// description, whoever declared it (an endpoint's <c>ProducesProblem</c>, or <see cref="AccessTransformer"/>).
/// </summary>
public sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public const string ContentType = "application/problem+json";

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [400] = "The request is invalid; nothing was changed.",
        [401] = "No credentials, or an unknown API key.",
        [403] = "Authenticated, but the role does not allow this.",
        [404] = "No such resource.",
        [409] = "The resource's current state does not allow this; nothing was changed.",
        [413] = "The request body is larger than allowed.",
        [429] = "Too many requests; retry after the time in Retry-After.",
        [503] = "Not able to serve now; retry later.",
    };

    public static OpenApiResponse Response(string description) => new() { Description = description };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is null)
        {
            return;
        }

        IOpenApiSchema? problem = null;
        foreach (var (key, value) in operation.Responses)
        {
            if (!int.TryParse(key, CultureInfo.InvariantCulture, out var status) || status < 400 || value is not OpenApiResponse response)
            {
                continue;
            }

            if (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrase(status))
            {
                response.Description = Meanings.GetValueOrDefault(status, ReasonPhrase(status));
            }

            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!response.Content.ContainsKey(ContentType))
            {
                problem ??= await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
                response.Content[ContentType] = new OpenApiMediaType { Schema = problem };
            }
        }
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
