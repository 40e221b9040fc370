using System.Globalization;
using System.Text.Json;

namespace ControlRoom.Host.Sources.AmazonConnect;

/// <summary>
/// Reading Amazon Connect's JSON: the agent event stream writes PascalCase, contact events camelCase, and AWS's own
/// samples mix both (<c>AgentInfo</c>/<c>agentInfo</c>), so members are matched without regard to case.
/// </summary>
internal static class ConnectJson
{
    public static JsonElement? Member(JsonElement? owner, string name)
    {
        if (owner is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        if (obj.TryGetProperty(name, out var exact))
        {
            return exact.ValueKind == JsonValueKind.Null ? null : exact;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    public static string? Text(JsonElement? owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    public static IEnumerable<JsonElement> Items(JsonElement? owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>
    /// An ISO 8601 time (the streams write <c>2018-10-25T18:55:27.027Z</c>; the data model's text once spelled the
    /// milliseconds after a colon, so that is read too), or milliseconds since the epoch.
    /// </summary>
    public static DateTimeOffset? Time(JsonElement? owner, string name)
    {
        switch (Member(owner, name))
        {
            case { ValueKind: JsonValueKind.String } value:
                var text = value.GetString()!;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return parsed;
                }

                return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss':'fff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var colon) ? colon : null;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var millis) && millis is > 0 and < 253_402_300_800_000:
                return DateTimeOffset.FromUnixTimeMilliseconds(millis);
            default:
                return null;
        }
    }
}
