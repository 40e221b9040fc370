using System.Text.Json.Serialization;

namespace ControlRoom.Contracts.Events;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, AllowTrailingCommas = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(IncomingEvent))]
public sealed partial class EventJsonContext : JsonSerializerContext;
