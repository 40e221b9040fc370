namespace ControlRoom.Contracts.Interactions;

[GenerateSerializer, Immutable, Alias("cr.IngestResult")]
public readonly record struct IngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates)
{
    public static IngestResult operator +(IngestResult a, IngestResult b) =>
        new(a.Accepted + b.Accepted, a.Duplicates + b.Duplicates);

    public IngestResult Add(IngestResult other) => this + other;
}
