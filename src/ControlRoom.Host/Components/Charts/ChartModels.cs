using System.Text.Json.Serialization;

namespace ControlRoom.Host.Components.Charts;

/// <summary>One point: x in Unix milliseconds (time axes) or a category index; y null leaves a gap.</summary>
public sealed record ChartPoint([property: JsonPropertyName("x")] long X, [property: JsonPropertyName("y")] double? Y);

/// <summary>One line, area or bar series. <see cref="Type"/> mixes kinds in one chart (e.g. bars against a line).</summary>
public sealed record ChartSeries(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("data")] IReadOnlyList<ChartPoint> Data)
{
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonPropertyName("color")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Color { get; init; }
}

public enum ChartKind
{
    Line,
    Area,
    Bar,
}

/// <summary>The few ApexCharts options the boards use, typed so pages cannot misspell them.</summary>
public sealed record ChartOptions
{
    public ChartKind Kind { get; init; } = ChartKind.Line;

    /// <summary>Pixels; 0 fills the chart's container (the board sizes its chart from the screen).</summary>
    public int Height { get; init; } = 260;

    /// <summary>Time axis (x in Unix ms), labelled in <see cref="TimeZone"/>.</summary>
    public bool TimeAxis { get; init; } = true;

    /// <summary>
    /// The IANA zone the time axis reads in: the queue's for one queue's figures, the person's otherwise (the one
    /// clock rule); ApexCharts alone would use the browser's.
    /// </summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Each point holds until the next (figures per interval, not a trend between instants).</summary>
    public bool Steps { get; init; }

    /// <summary>Counts (contacts, agents): the y axis ticks at whole numbers only.</summary>
    public bool WholeNumbers { get; init; }

    /// <summary>Category labels for a non-time axis (x is the index).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    public bool Stacked { get; init; }

    public string? YTitle { get; init; }

    public double? YMin { get; init; }

    public double? YMax { get; init; }

    /// <summary>A horizontal target line (e.g. the service-level target).</summary>
    public double? TargetLine { get; init; }

    public string? TargetLabel { get; init; }

    /// <summary>The page's culture, so ApexCharts formats dates and numbers like the rest of the page.</summary>
    public string Locale { get; init; } = "en-GB";
}
