using System.Net;
using ControlRoom.Host.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ControlRoom.Testing;

/// <summary>
/// The real host (silo, ingest, hub, UI) in the test process. The simulator is off so tests own every event;
/// Orleans gets free ports so test assemblies running side by side never meet. Subclasses add settings
/// (Redis, rules) or switch to Kestrel for a browser.
/// </summary>
public class ControlRoomHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DevelopmentKey = ApiKeyOptions.DevelopmentKey;
    public const string DevelopmentPassword = "controlroom";

    private readonly bool kestrel;

    public ControlRoomHost() : this(kestrel: false)
    {
    }

    protected ControlRoomHost(bool kestrel)
    {
        this.kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    /// <summary>The address a browser or a second process uses (Kestrel mode), or the TestServer's base address.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    /// <summary>This host's own data folder (the embedded default's durable store), deleted when the host is disposed.</summary>
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "controlroom-test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Settings applied before <c>Program</c> builds; override to add more.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Simulator:Enabled", "false"),
        new("Orleans:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Orleans:GatewayPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Orleans:ClusterId", "test-" + Guid.NewGuid().ToString("N")[..12]),
        new("Orleans:ServiceId", "test-" + Guid.NewGuid().ToString("N")[..12]),
        new("ControlRoom:DataPath", DataPath),

        // The suite runs its projects side by side on two cores; there a fresh host's first request (its grains
        // activated and compiled) has been applied after more than the production 10 s. How a host answers while it
        // cannot apply in time is tested with real processes (ControlRoom.Durability.Tests), not by this fixture.
        new("ControlRoom:ApplyTimeout", "00:01:00"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public virtual Task InitializeAsync()
    {
        StartServer();
        if (kestrel)
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            BaseAddress = Server.BaseAddress;
        }

        return Task.CompletedTask;
    }

    public new virtual async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // The host's graceful stop outlived ControlRoom:ShutdownTimeout on a loaded machine and was cut short.
            // How a host stops is tested with real processes (ControlRoom.Durability.Tests), not by this fixture.
        }

        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }

    /// <summary>An HTTP client that authenticates as an event source with an API key.</summary>
    public HttpClient ApiClient(string key = DevelopmentKey)
    {
        var client = NewClient(cookies: false);
        client.DefaultRequestHeaders.Add(ApiKeyOptions.Header, key);
        return client;
    }

    public HttpClient AnonymousClient() => NewClient(cookies: false);

    /// <summary>Signs in through the login form like a browser (antiforgery token included) and keeps the cookie.</summary>
    public Task<HttpClient> SignInAsync(string userName, string password = DevelopmentPassword) =>
        SignIn.AsAsync(NewClient(cookies: true), userName, password);

    /// <summary>A SignalR client on the wall board hub over a real WebSocket (in-process for TestServer); <paramref name="headers"/> go on every request.</summary>
    public HubConnection Hub(string apiKey = DevelopmentKey, string path = "/hubs/wallboard", IReadOnlyDictionary<string, string>? headers = null)
    {
        var url = new Uri(BaseAddress, path);
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { [ApiKeyOptions.Header] = apiKey };
        return new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                foreach (var (name, value) in all)
                {
                    options.Headers[name] = value;
                }

                if (!kestrel)
                {
                    options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var client = Server.CreateWebSocketClient();
                        client.ConfigureRequest = request =>
                        {
                            foreach (var (name, value) in all)
                            {
                                request.Headers[name] = value;
                            }
                        };
                        return await client.ConnectAsync(context.Uri, cancellationToken);
                    };
                }
            })
            .AddJsonProtocol(o => Host.Live.LiveExtensions.UseContractJson(o.PayloadSerializerOptions))
            .Build();
    }

    /// <summary>
    /// A client that never follows redirects (tests look at them). On Kestrel it is a real socket client of its own:
    /// the factory's client would follow redirects in its inner handler whatever the options say.
    /// </summary>
    private HttpClient NewClient(bool cookies)
    {
        if (!kestrel)
        {
            return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies, BaseAddress = BaseAddress });
        }

        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = BaseAddress };
    }
}

/// <summary>The host on a real Kestrel port: for Chromium and anything outside the test process.</summary>
public class KestrelControlRoomHost() : ControlRoomHost(kestrel: true);
