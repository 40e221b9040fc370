using System.Text.RegularExpressions;
using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Boards;

/// <summary>A named wall board: a set of queues (a client, a team, a channel) and how densely its tiles are laid out.</summary>
[GenerateSerializer, Immutable, Alias("cr.BoardDefinition")]
public sealed partial record BoardDefinition(
    [property: Id(0)] string BoardId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> QueueIds,
    [property: Id(3)] BoardDensity Density)
{
    public const int MaxQueues = 200;

    /// <summary>The reasons <see cref="Validate"/> gives (English, for the API); screens show them in their own words.</summary>
    public const string IdRule = "1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit";
    public const string NameRule = "1-100 characters";
    public const string DensityRule = "large, normal or compact";
    public static readonly string QueuesRule = $"1-{MaxQueues} queue ids of {EventValidator.KeyRule}";

    /// <summary>Every reason the board cannot be saved, by field; empty when it can.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsValidId(BoardId))
        {
            errors["boardId"] = [IdRule];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            errors["name"] = [NameRule];
        }

        if (QueueIds is null || QueueIds.Count is 0 or > MaxQueues || QueueIds.Any(q => !EventValidator.IsValidKey(q)))
        {
            errors["queueIds"] = [QueuesRule];
        }

        if (!Enum.IsDefined(Density))
        {
            errors["density"] = [DensityRule];
        }

        return errors;
    }

    public static bool IsValidId(string? boardId) => boardId is not null && IdPattern().IsMatch(boardId);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}

/// <summary>How many tiles fit a screen: large for a few queues on a far wall, compact for many.</summary>
[GenerateSerializer, Alias("cr.BoardDensity")]
public enum BoardDensity
{
    Large,
    Normal,
    Compact,
}

/// <summary>
/// What a kiosk token grants: viewing these boards, until it expires or an admin revokes it. The token itself is
/// never stored, only its SHA-256 hash (the key under which the grant is kept).
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.KioskGrant")]
public sealed record KioskGrant(
    [property: Id(0)] string GrantId,
    [property: Id(1)] IReadOnlyList<string> BoardIds,
    [property: Id(2)] DateTimeOffset IssuedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuedBy);
