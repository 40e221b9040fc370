using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ControlRoom.Host.ApiDocs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ControlRoom.Observability.Tests;

/// <summary>The OpenAPI document against the endpoints the host really maps, and the access it states for each.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed partial class OpenApiDocumentTests(ObservedHost host)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Document_DescribesEveryMappedApiRoute_AndNothingUnmapped()
    {
        var document = await DocumentAsync();
        var documented = Operations(document).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        var mapped = MappedApiRoutes();

        mapped.Should().NotBeEmpty();
        documented.Should().BeEquivalentTo(mapped, "the document lists exactly the API the host serves (method and route)");
        mapped.Should().Contain(["POST /api/events", "GET /api/queues/{queueId}", "GET /metrics", "PUT /api/queues/{queueId}/settings"]);
    }

    [Fact]
    public async Task EveryOperation_StatesWhoMayCallIt_WithItsSecurityAndProblemResponses()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");

        schemes.GetProperty(AccessTransformer.ApiKeyScheme).GetProperty("name").GetString().Should().Be("X-Api-Key");
        schemes.GetProperty(AccessTransformer.BearerScheme).GetProperty("scheme").GetString().Should().Be("bearer");
        schemes.GetProperty(AccessTransformer.CookieScheme).GetProperty("in").GetString().Should().Be("cookie");
        foreach (var (key, operation) in Operations(document))
        {
            var roles = operation.GetProperty(AccessTransformer.RolesExtension).EnumerateArray().Select(r => r.GetString()).ToList();
            operation.GetProperty("description").GetString().Should().Contain("Access:", key);
            if (roles.Count == 0)
            {
                continue;
            }

            operation.GetProperty("security").GetArrayLength().Should().BePositive(key);
            foreach (var status in new[] { "401", "403" })
            {
                operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _)
                    .Should().BeTrue($"{key} answers {status} with a problem document");
            }
        }
    }

    [Theory]
    [InlineData("post /api/events", "source", "apiKey,bearer")]
    [InlineData("get /api/queues", "viewer,teamlead,planner,admin,source", "apiKey,bearer,cookie")]
    [InlineData("put /api/queues/{queueId}/settings", "admin", "cookie")]
    [InlineData("post /api/alerts/{alertId}/acknowledge", "teamlead,admin", "cookie")]
    [InlineData("post /api/agents/{agentId}/queues", "planner,admin", "cookie")]
    [InlineData("get /metrics", "admin,source,scraper", "apiKey,bearer,cookie")]
    [InlineData("post /account/login", "", "")]
    public async Task Operation_NamesTheRolesAndSchemesOfItsPolicy(string operationKey, string roles, string schemes)
    {
        var operation = Operations(await DocumentAsync()).Single(o => o.Key.Equals(operationKey, StringComparison.OrdinalIgnoreCase)).Value;

        var written = operation.GetProperty(AccessTransformer.RolesExtension).EnumerateArray().Select(r => r.GetString()!);
        var security = operation.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)) : [];

        written.Should().BeEquivalentTo(roles.Split(',', StringSplitOptions.RemoveEmptyEntries));
        security.Should().BeEquivalentTo(schemes.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Operations_DescribeTheirParametersBodiesAndProblems()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase);

        var ingest = operations["post /api/events"];
        ingest.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name)
            .Should().Contain(["application/json", "application/x-ndjson"]);
        ingest.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["202", "400", "413"]);
        ingest.GetProperty("responses").GetProperty("413").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();

        var queue = operations["get /api/queues/{queueId}"];
        queue.GetProperty("parameters").EnumerateArray().Should().Contain(p => p.GetProperty("name").GetString() == "queueId" && p.GetProperty("in").GetString() == "path");
        queue.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").ToString()
            .Should().Contain("QueueSnapshot");
        queue.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain("404");

        var undo = operations["post /api/reroutes/{rerouteId}/undo"];
        undo.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["404", "409"]);

        var settings = operations["put /api/queues/{queueId}/settings"];
        settings.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").ToString()
            .Should().Contain("QueueSettings");
    }

    [Fact]
    public async Task Document_IsForReaders_NotForAnonymousCallers()
    {
        using var anonymous = host.AnonymousClient();

        using var response = await anonymous.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = host.ApiClient();
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    private static IEnumerable<KeyValuePair<string, JsonElement>> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => Methods.Contains(op.Name))
            .Select(op => KeyValuePair.Create($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    /// <summary>
    /// What the host serves as API: every route handler (a Map* delegate) and anything else mapped under /api, less what
    /// opts out in code (ExcludeFromDescription) or is a user interface (<see cref="ApiDocsExtensions.UndocumentedPrefixes"/>).
    /// </summary>
    private HashSet<string> MappedApiRoutes()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var route = Normalize(endpoint.RoutePattern.RawText ?? "");
            var isHandler = endpoint.Metadata.GetMetadata<MethodInfo>() is not null;
            var underApi = route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith(ApiDocsExtensions.ReferencePath, StringComparison.Ordinal);
            if (!(isHandler || underApi)
                || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
                || !ApiDocsExtensions.IsDocumented(route))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                ?? throw new InvalidOperationException($"{route} answers every method: give it one.");
            foreach (var method in methods)
            {
                routes.Add($"{method} {route}");
            }
        }

        return routes;
    }

    /// <summary>Route templates as OpenAPI writes them: no constraints, no catch-all star, no trailing slash.</summary>
    private static string Normalize(string route)
    {
        var path = "/" + Parameter().Replace(route, "{$1}").Trim('/');
        return path;
    }

    [GeneratedRegex(@"\{\*{0,2}([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
