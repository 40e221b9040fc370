using ControlRoom.Grains.Feeds;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ControlRoom.Testing;

/// <summary>
/// The real host whose feed health runs on a fake clock (everything else on real time): a test moves feed-health time
/// past a quiet limit instead of waiting for it. The monitor judges on every fake second.
/// </summary>
public class FeedHealthHost : ControlRoomHost
{
    public const string SlowInstance = "pbx-slow";

    public FeedHealthHost() : this(kestrel: false)
    {
    }

    protected FeedHealthHost(bool kestrel) : base(kestrel)
    {
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The development key's source name, as feed health shows it.</summary>
    public static string KeySource => ApiKeyOptions.Fingerprint(DevelopmentKey);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Sources:Health:CheckInterval", "00:00:01"),
        new("Sources:Health:Sources:0:Name", $"{KeySource}/{SlowInstance}"),
        new("Sources:Health:Sources:0:Label", "PBX Slow"),
        new("Sources:Health:Sources:0:QuietLimit", "00:10:00"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(new FeedClock(Clock)));
    }
}

/// <summary>The same on Kestrel, for Chromium.</summary>
public sealed class KestrelFeedHealthHost() : FeedHealthHost(kestrel: true);
