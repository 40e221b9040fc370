using ControlRoom.Contracts.Events;
using ControlRoom.Host.Sources;

namespace ControlRoom.Sources.Tests;

public static class Mapped
{
    /// <summary>The events of a mapping, each checked by the contract's validator as ingest will check them.</summary>
    public static List<ContactEvent> Valid(SourceMapping mapping)
    {
        mapping.Error.Should().BeNull();
        var invalid = new List<InvalidEventReport>();
        var valid = SourceMapping.Validate(mapping.Events, invalid);
        invalid.Should().BeEmpty();
        return valid!;
    }
}
