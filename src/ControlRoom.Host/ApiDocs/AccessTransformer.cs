using System.Text.Json.Nodes;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlRoom.Host.ApiDocs;

/// <summary>
/// Writes into every operation who may call it, read from the endpoint's own authorization metadata (the same
/// policies the server enforces), so an endpoint added later is described without anyone remembering to: the
/// security requirement (API key, bearer or sign-in cookie), the roles (<c>x-controlroom-roles</c> and a line of
/// the description) and the 401/403 problem responses.
/// </summary>
public sealed class AccessTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";
    public const string RolesExtension = "x-controlroom-roles";

    private static readonly string[] MachineRoles = [Roles.Source, Roles.Scraper];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            Describe(operation, "Access: anyone, no credentials needed.", []);
            return;
        }

        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        if (policy is null)
        {
            Describe(operation, "Access: anyone, no credentials needed.", []);
            return;
        }

        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .Select(r => r.AllowedRoles.ToHashSet(StringComparer.Ordinal))
            .Aggregate((HashSet<string>?)null, (all, next) => all is null ? next : [.. all.Intersect(next, StringComparer.Ordinal)])
            ?? [.. Roles.People, .. MachineRoles];
        var document = context.Document ?? throw new InvalidOperationException("OpenAPI operation transformers need the document (Microsoft.AspNetCore.OpenApi 10+).");
        SecuritySchemes.EnsureIn(document);
        operation.Security ??= [];
        if (roles.Overlaps(MachineRoles))
        {
            operation.Security.Add(Requirement(ApiKeyScheme, document));
            operation.Security.Add(Requirement(BearerScheme, document));
        }

        if (roles.Overlaps(Roles.People))
        {
            operation.Security.Add(Requirement(CookieScheme, document));
        }

        var ordered = roles.OrderBy(Rank).ToList();
        Describe(operation, "Access: " + string.Join(", ", ordered.Select(Explain)) + ".", ordered);
        operation.Responses ??= [];
        AddProblem(operation, StatusCodes.Status401Unauthorized, "No credentials, or an unknown API key.");
        AddProblem(operation, StatusCodes.Status403Forbidden, "Signed in or authenticated, but the role does not allow this.");
    }

    private static void Describe(OpenApiOperation operation, string access, IReadOnlyList<string> roles)
    {
        operation.Description = string.IsNullOrEmpty(operation.Description) ? access : operation.Description + "\n\n" + access;
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = ProblemResponses.Response(description);
        }
    }

    private static int Rank(string role) => role switch
    {
        Roles.Viewer => 0,
        Roles.TeamLead => 1,
        Roles.Planner => 2,
        Roles.Admin => 3,
        Roles.Source => 4,
        _ => 5,
    };

    private static string Explain(string role) => role switch
    {
        Roles.Source => "an event-source API key (source)",
        Roles.Scraper => "a metrics scrape key (scraper)",
        _ => $"a signed-in {role}",
    };
}

/// <summary>The three ways to authenticate, as OpenAPI security schemes.</summary>
public static class SecuritySchemes
{
    public static void EnsureIn(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        var schemes = document.Components.SecuritySchemes;
        schemes.TryAdd(AccessTransformer.ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyOptions.Header,
            Description = "An API key of Ingest:ApiKeys (event sources, screens) or Metrics:ApiKeys (scrapers only).",
        });
        schemes.TryAdd(AccessTransformer.BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same API key as 'Authorization: Bearer <key>'.",
        });
        schemes.TryAdd(AccessTransformer.CookieScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "controlroom.auth",
            Description = "The session cookie of a person signed in at /account/login (or through single sign-on).",
        });
    }
}
