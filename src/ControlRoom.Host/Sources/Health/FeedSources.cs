using ControlRoom.Contracts.Events;
using ControlRoom.Host.Security;

namespace ControlRoom.Host.Sources.Health;

/// <summary>
/// The name feed health, metrics and the log know a source by. An API key is its fingerprint (<c>key-1a2b3c4d</c>, so
/// the key itself is never shown); a connector that shares a key with others names its instance in
/// <c>X-ControlRoom-Source</c> (<c>key-1a2b3c4d/pbx-roma</c>), so each PBX is watched on its own.
/// </summary>
public static class FeedSources
{
    public const string InstanceHeader = "X-ControlRoom-Source";

    /// <summary>The source of an authenticated request; null with the reason when its instance header is not a valid key.</summary>
    public static (string? Source, string? Error) Of(HttpContext context)
    {
        var user = context.User;
        var owner = user.FindFirst(ApiKeyOptions.SourceClaim)?.Value ?? user.Identity?.Name ?? "anonymous";
        if (!context.Request.Headers.TryGetValue(InstanceHeader, out var values))
        {
            return (owner, null);
        }

        var instance = values.ToString().Trim();
        return EventValidator.IsValidKey(instance)
            ? ($"{owner}/{instance}", null)
            : (null, $"{InstanceHeader} must be 1 to {EventValidator.MaxKeyLength} characters of A-Z, a-z, 0-9, '_', '.' or '-' (a connector instance such as pbx-roma).");
    }
}
