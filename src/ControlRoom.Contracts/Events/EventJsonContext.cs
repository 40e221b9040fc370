using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlRoom.Contracts.Events;

/// <summary>
/// How an event is read, by the host and by the tools alike: strict JSON (no comments, no trailing commas) and no
/// property given twice, so a body means one thing to every reader and no later copy of a field silently wins.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(IncomingEvent))]
public sealed partial class EventJsonContext : JsonSerializerContext;
