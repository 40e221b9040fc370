using System.Globalization;
using ControlRoom.Host.Components.Clock;
using Microsoft.Extensions.Configuration;

namespace ControlRoom.Host.Tests.Board;

/// <summary>The one clock rule as text: every time names its zone, in the zone the rule says.</summary>
public sealed class TimeFormatTests
{
    private static readonly DateTimeOffset Winter = new(2026, 1, 15, 13, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Summer = new(2026, 7, 15, 12, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Rome", "CET", "CEST")]
    [InlineData("Europe/London", "GMT", "BST")]
    [InlineData("America/New_York", "EST", "EDT")]
    [InlineData("UTC", "UTC", "UTC")]
    [InlineData("Asia/Kolkata", "UTC+5:30", "UTC+5:30")]
    [InlineData("Asia/Tokyo", "UTC+9", "UTC+9")]
    public void Abbreviation_NamesTheZoneAsPeopleDo_InWinterAndSummer(string zone, string winter, string summer)
    {
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);

        TimeFormat.Abbreviation(info, Winter).Should().Be(winter);
        TimeFormat.Abbreviation(info, Summer).Should().Be(summer);
    }

    [Fact]
    public void Time_IsWrittenInTheGivenZone_WithItsName()
    {
        using var culture = new CultureScope("en-GB");

        TimeFormat.Time(Winter, TimeFormat.Zone("Europe/Rome")).Should().Be("14:05 CET");
        TimeFormat.Time(Summer, TimeFormat.Zone("Europe/Rome")).Should().Be("14:05 CEST");
        TimeFormat.TimeWithSeconds(Winter, TimeFormat.Zone("America/New_York")).Should().Be("08:05:00 EST");
    }

    [Fact]
    public void UserClock_FollowsTheBrowserOrTheChoice_AndFallsBackToTheDefaultZone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ControlRoom:Defaults:TimeZone"] = "Europe/Rome" }).Build();
        var none = new UserClock(configuration);
        var browser = new UserClock(configuration);
        var chosen = new UserClock(configuration);
        var nonsense = new UserClock(configuration);

        none.Use(null);
        browser.Use("browser:America/New_York");
        chosen.Use("Asia/Tokyo");
        nonsense.Use("Mars/Olympus");

        (none.ZoneId, none.FollowsBrowser).Should().Be(("Europe/Rome", true));
        (browser.ZoneId, browser.FollowsBrowser).Should().Be(("America/New_York", true));
        (chosen.ZoneId, chosen.FollowsBrowser).Should().Be(("Asia/Tokyo", false));
        nonsense.ZoneId.Should().Be("Europe/Rome");
    }

    [Fact]
    public void QueueTime_UsesTheQueuesZone_WhateverThePersonChose()
    {
        using var culture = new CultureScope("it-IT");

        UserClock.QueueTime(Winter, "Europe/Rome").Should().Be("14:05 CET");
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo before = CultureInfo.CurrentCulture;

        public CultureScope(string name) => CultureInfo.CurrentCulture = new CultureInfo(name);

        public void Dispose() => CultureInfo.CurrentCulture = before;
    }
}
