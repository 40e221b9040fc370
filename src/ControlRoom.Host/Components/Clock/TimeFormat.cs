using System.Globalization;
using ControlRoom.Domain.Kpis;

namespace ControlRoom.Host.Components.Clock;

/// <summary>
/// The one clock rule, as text: a time of day is always written in a named zone and carries that zone's short
/// name ("14:05 CET"), so two screens (or a banner and a timeline on one screen) can never be read an hour apart.
/// A queue's figures use the queue's zone; everything else uses the zone the person chose (<see cref="UserClock"/>).
/// </summary>
public static class TimeFormat
{
    public static TimeZoneInfo Zone(string? id) => EventClock.Zone(string.IsNullOrWhiteSpace(id) ? "UTC" : id);

    /// <summary>HH:mm in the page's culture, in <paramref name="zone"/>, with the zone's short name.</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone) => In(at, zone, "t");

    /// <summary>HH:mm:ss, for timelines where seconds tell events apart.</summary>
    public static string TimeWithSeconds(DateTimeOffset at, TimeZoneInfo zone) => In(at, zone, "T");

    /// <summary>Date and time, for moments that may be days away (issued, expires).</summary>
    public static string DateTime(DateTimeOffset at, TimeZoneInfo zone) => In(at, zone, "g");

    /// <summary>The calendar date in <paramref name="zone"/>, without a time (so without a zone name).</summary>
    public static string Date(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>
    /// The short name people use for <paramref name="zone"/> at <paramref name="at"/> (CET in winter, CEST in
    /// summer), else its offset ("UTC+05:30"). .NET has no short names, so the common ones are listed here;
    /// the browser side (controlroom.js) asks <c>Intl</c>, which uses the same names for these zones.
    /// </summary>
    public static string Abbreviation(TimeZoneInfo zone, DateTimeOffset at)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Etc/Zulu" or "Universal" or "Zulu")
        {
            return "UTC";
        }

        var summer = zone.IsDaylightSavingTime(at);
        var offset = zone.GetUtcOffset(at);
        if (Named.TryGetValue(zone.Id, out var names))
        {
            return summer ? names.Summer : names.Winter;
        }

        if (zone.Id.StartsWith("Europe/", StringComparison.Ordinal) && zone.BaseUtcOffset == TimeSpan.FromHours(1))
        {
            return summer ? "CEST" : "CET";
        }

        if (zone.Id.StartsWith("Europe/", StringComparison.Ordinal) && zone.BaseUtcOffset == TimeSpan.FromHours(2) && zone.SupportsDaylightSavingTime)
        {
            return summer ? "EEST" : "EET";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{abs.Hours}")
            : string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{abs.Hours}:{abs.Minutes:00}");
    }

    private static string In(DateTimeOffset at, TimeZoneInfo zone, string format) =>
        $"{TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.CurrentCulture)} {Abbreviation(zone, at)}";

    private static readonly Dictionary<string, (string Winter, string Summer)> Named = new(StringComparer.Ordinal)
    {
        ["Europe/London"] = ("GMT", "BST"),
        ["Europe/Dublin"] = ("GMT", "IST"),
        ["Europe/Lisbon"] = ("WET", "WEST"),
        ["Atlantic/Canary"] = ("WET", "WEST"),
        ["Atlantic/Madeira"] = ("WET", "WEST"),
        ["Atlantic/Faroe"] = ("WET", "WEST"),
        ["Europe/Moscow"] = ("MSK", "MSK"),
        ["America/New_York"] = ("EST", "EDT"),
        ["America/Toronto"] = ("EST", "EDT"),
        ["America/Chicago"] = ("CST", "CDT"),
        ["America/Denver"] = ("MST", "MDT"),
        ["America/Phoenix"] = ("MST", "MST"),
        ["America/Los_Angeles"] = ("PST", "PDT"),
    };
}
