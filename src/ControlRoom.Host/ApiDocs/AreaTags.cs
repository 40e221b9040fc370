using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlRoom.Host.ApiDocs;

/// <summary>
/// Groups operations by what they are about, read from the route (events, queues, agents, alerts, staffing…),
/// instead of by the C# class that maps them; an endpoint added later lands in its area without anyone tagging it.
/// </summary>
public sealed class AreaTags : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    private static readonly string[] StaffingMarks = ["/staffing", "/ewt", "/forecast", "/reroutes", "/queues/what-if"];

    public static string AreaOf(string route)
    {
        var path = "/" + route.Trim('/');
        if (StaffingMarks.Any(mark => path.Contains(mark, StringComparison.Ordinal)) || (path.StartsWith("/api/agents/", StringComparison.Ordinal) && path.EndsWith("/queues", StringComparison.Ordinal)))
        {
            return "Staffing";
        }

        if (path.EndsWith("/settings", StringComparison.Ordinal))
        {
            return "Queue settings";
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", var area, ..] => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(area),
            ["account", ..] => "Sign-in",
            ["metrics", ..] => "Operations",
            [var first, ..] => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(first),
            _ => "Other",
        };
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var area = AreaOf(context.Description.RelativePath ?? "");
        if (context.Document is { } document)
        {
            document.Tags ??= new HashSet<OpenApiTag>();
            if (!document.Tags.Any(t => t.Name == area))
            {
                document.Tags.Add(new OpenApiTag { Name = area });
            }

            operation.Tags = new HashSet<OpenApiTagReference> { new(area, document) };
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops the class-named tags nothing refers to any more.</summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var used = (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (document.Tags is { } tags)
        {
            foreach (var unused in tags.Where(t => t.Name is null || !used.Contains(t.Name)).ToList())
            {
                tags.Remove(unused);
            }
        }

        return Task.CompletedTask;
    }
}
