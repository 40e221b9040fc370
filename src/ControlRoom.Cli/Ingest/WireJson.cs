using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlRoom.Cli.Ingest;

/// <summary>How the tool writes contract events: camelCase, absent fields left out.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
