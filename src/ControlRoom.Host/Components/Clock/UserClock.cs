namespace ControlRoom.Host.Components.Clock;

/// <summary>
/// The zone one person reads times in: the one they chose in the top bar, else their browser's (read once by
/// controlroom.js and kept in a cookie), else the configured default queue zone. Scoped: one per page render
/// and one per circuit, set by <c>Routes</c> from the cookie the page was requested with.
/// </summary>
public sealed class UserClock(IConfiguration configuration)
{
    /// <summary>The cookie: <c>browser:Europe/Rome</c> when following the browser, <c>Europe/Rome</c> when chosen.</summary>
    public const string CookieName = "controlroom.tz";

    public const string BrowserPrefix = "browser:";

    private TimeZoneInfo? zone;

    /// <summary>The IANA id of the zone in force.</summary>
    public string ZoneId => Zone.Id;

    public TimeZoneInfo Zone => zone ??= TimeFormat.Zone(configuration["ControlRoom:Defaults:TimeZone"] ?? "Europe/Rome");

    /// <summary>True unless the person picked a zone: then it follows the browser's.</summary>
    public bool FollowsBrowser { get; private set; } = true;

    /// <summary>Takes the cookie's value; an unknown zone leaves the default in force.</summary>
    public void Use(string? cookie)
    {
        if (string.IsNullOrWhiteSpace(cookie))
        {
            return;
        }

        FollowsBrowser = cookie.StartsWith(BrowserPrefix, StringComparison.Ordinal);
        var id = FollowsBrowser ? cookie[BrowserPrefix.Length..] : cookie;
        if (IsKnownZone(id))
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        }
    }

    public static bool IsKnownZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The zone's short name now ("CET"), for the browser's own clocks.</summary>
    public string Abbreviation(DateTimeOffset at) => TimeFormat.Abbreviation(Zone, at);

    public string Time(DateTimeOffset at) => TimeFormat.Time(at, Zone);

    public string TimeWithSeconds(DateTimeOffset at) => TimeFormat.TimeWithSeconds(at, Zone);

    public string DateTime(DateTimeOffset at) => TimeFormat.DateTime(at, Zone);

    public string Date(DateTimeOffset at) => TimeFormat.Date(at, Zone);

    /// <summary>A queue's own moment (a breach's start) in the queue's zone: the rule for a queue's figures.</summary>
    public static string QueueTime(DateTimeOffset at, string queueZone) => TimeFormat.Time(at, TimeFormat.Zone(queueZone));
}
