using System.Text.Json.Serialization;
using ControlRoom.Domain.Events;

namespace ControlRoom.Host.Ingest;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, AllowTrailingCommas = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(IncomingEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
