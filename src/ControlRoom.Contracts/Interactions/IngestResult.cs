namespace ControlRoom.Contracts.Interactions;

/// <summary>
/// What applying events did: how many were new, how many repeated an eventId already applied with the same content,
/// and which reused an eventId already applied with different content (conflicts: not applied, reported per event).
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.IngestResult")]
public readonly record struct IngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates)
{
    [Id(2)] public IReadOnlyList<string>? Conflicts { get; init; }

    public static IngestResult operator +(IngestResult a, IngestResult b) =>
        new(a.Accepted + b.Accepted, a.Duplicates + b.Duplicates)
        {
            Conflicts = a.Conflicts is null ? b.Conflicts : b.Conflicts is null ? a.Conflicts : [.. a.Conflicts, .. b.Conflicts],
        };

    public IngestResult Add(IngestResult other) => this + other;
}
