
namespace ControlRoom.Contracts.Events;

/// <summary>The contract's wire spelling of enums (contract §1), in one place for parsing and writing.</summary>
public static class EventWireNames
{
    private static readonly Dictionary<string, EventType> Types = new(StringComparer.Ordinal)
    {
        ["interaction.offered"] = EventType.InteractionOffered,
        ["interaction.answered"] = EventType.InteractionAnswered,
        ["interaction.abandoned"] = EventType.InteractionAbandoned,
        ["interaction.transferred"] = EventType.InteractionTransferred,
        ["interaction.ended"] = EventType.InteractionEnded,
        ["interaction.wrapup_ended"] = EventType.InteractionWrapupEnded,
        ["interaction.replied"] = EventType.InteractionReplied,
        ["interaction.resolved"] = EventType.InteractionResolved,
        ["survey.completed"] = EventType.SurveyCompleted,
        ["agent.state_changed"] = EventType.AgentStateChanged,
        ["interaction.ring_no_answer"] = EventType.InteractionRingNoAnswer,
    };

    private static readonly Dictionary<EventType, string> TypeNames = Types.ToDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<string> AllTypes => Types.Keys;

    public static bool TryParseType(string? value, out EventType type) => Types.TryGetValue(value ?? "", out type);

    public static string ToWire(this EventType type) => TypeNames[type];

    public static bool TryParseChannel(string? value, out Channel channel) => TryParseLower(value, out channel);

    public static bool TryParseState(string? value, out AgentState state) => TryParseLower(value, out state);

    public static string ToWire(this Channel channel) => channel.ToString().ToLowerInvariant();

    public static string ToWire(this AgentState state) => state.ToString().ToLowerInvariant();

    /// <summary>Only the lower-case spelling is accepted: the contract names the values exactly.</summary>
    private static bool TryParseLower<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        return value is { Length: > 0 } && value.All(c => char.IsAsciiLetterLower(c))
            && Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result);
    }
}
