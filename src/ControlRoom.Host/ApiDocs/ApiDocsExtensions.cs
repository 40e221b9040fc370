using ControlRoom.Host.Security;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ControlRoom.Host.ApiDocs;

/// <summary>
/// The OpenAPI description at <c>/openapi/v1.json</c> and a readable reference at <c>/api/docs</c> (Scalar, served
/// from this host: no CDN, no web fonts, no telemetry). Both are for readers: a signed-in person or an API key.
/// </summary>
public static class ApiDocsExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api/docs";

    /// <summary>Mapped routes that are user interfaces, not API (the Orleans grain dashboard and its assets).</summary>
    public static IReadOnlyList<string> UndocumentedPrefixes { get; } = ["/dashboard"];

    /// <summary>Whether a mapped route belongs in the API description (routes without a leading slash, as ApiExplorer gives them, too).</summary>
    public static bool IsDocumented(string route)
    {
        var path = "/" + route.TrimStart('/');
        return !UndocumentedPrefixes.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));
    }

    public static IServiceCollection AddControlRoomApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.RelativePath is not { } route || IsDocumented(route);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ControlRoom API",
                    Version = DocumentName,
                    Description = "Live contact-centre figures, events in, alerts, staffing. Errors are RFC 9457 problem documents. "
                        + "Machines authenticate with an API key (X-Api-Key or Authorization: Bearer); people with the session cookie of a sign-in. "
                        + "The event contract and the KPI definitions are in the repository (README, docs/kpis.md, docs/operations.md).",
                };
                SecuritySchemes.EnsureIn(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<AreaTags>();
            o.AddOperationTransformer<AccessTransformer>();
            o.AddOperationTransformer<ProblemResponses>();
            o.AddDocumentTransformer<AreaTags>();
        });
        return services;
    }

    public static IEndpointRouteBuilder MapControlRoomApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath).RequireAuthorization(Policies.Reader);
        endpoints.MapScalarApiReference(ReferencePath, (options, context) =>
            {
                options.WithTitle("ControlRoom API")
                    .WithOpenApiRoutePattern(DocumentPath)
                    .AddDocument(DocumentName)
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .HideDeveloperTools()
                    .WithNonce();
                context.Response.OnStarting(() => ApplyContentSecurityPolicy(context));
            })
            .RequireAuthorization(Policies.Reader);
        return endpoints;
    }

    /// <summary>
    /// A strict policy for the reference page: scripts only from this host and only with the page's own nonce (Scalar
    /// renders its start-up script inline and tags it); no 'unsafe-eval' (the bundle probes for eval once, a schema
    /// library's capability check, and falls back). Styles need 'unsafe-inline': the reference injects them from script
    /// at run time. Only the HTML page gets it; the script files need none.
    /// </summary>
    private static Task ApplyContentSecurityPolicy(HttpContext context)
    {
        if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string nonce
            && context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        }

        return Task.CompletedTask;
    }
}
