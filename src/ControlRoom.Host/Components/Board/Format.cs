using System.Globalization;
using ControlRoom.Domain.Rules;

namespace ControlRoom.Host.Components.Board;

/// <summary>How figures read on the boards, in the page's culture; "–" where a figure does not exist yet. Times of day: <see cref="Clock.TimeFormat"/>.</summary>
public static class Format
{
    public const string None = "–";

    public static string Percent(double? value) =>
        value is { } v ? (v / 100).ToString("P0", CultureInfo.CurrentCulture) : None;

    /// <summary>m:ss under an hour, then hours and minutes, then days and hours: short enough for a tile: what supervisors read on ACD screens.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s))
        {
            return None;
        }

        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(s)));
        if (t.TotalDays >= 1)
        {
            return string.Create(CultureInfo.CurrentCulture, $"{(int)t.TotalDays} d {t.Hours} h");
        }

        return t.TotalHours >= 1
            ? string.Create(CultureInfo.CurrentCulture, $"{(int)t.TotalHours} h {t.Minutes:00}")
            : string.Create(CultureInfo.CurrentCulture, $"{t.Minutes}:{t.Seconds:00}");
    }

    /// <summary>A metric's value as people read it: seconds as a duration, percentages as percent, counts as they are.</summary>
    public static string Metric(string metric, double? value) => SlaMetrics.UnitOf(metric) switch
    {
        MetricUnit.Seconds => Duration(value),
        MetricUnit.Percent => Percent(value),
        _ => Number(value, "0.#"),
    };

    public static string Number(double? value, string format = "0") =>
        value is { } v ? v.ToString(format, CultureInfo.CurrentCulture) : None;

    /// <summary>ISO 8601 for data attributes the browser reads (ticking clocks), never shown as is.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static bool IsAsynchronous(Contracts.Events.Channel? channel) =>
        channel is Contracts.Events.Channel.Email or Contracts.Events.Channel.Social or Contracts.Events.Channel.Messaging;
}
