using System.Net;
using System.Text.RegularExpressions;
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
public partial class ControlRoomHost : WebApplicationFactory<Program>, IAsyncLifetime
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

    /// <summary>Settings applied before <c>Program</c> builds; override to add more.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Simulator:Enabled", "false"),
        new("Orleans:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Orleans:GatewayPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Orleans:ClusterId", "test-" + Guid.NewGuid().ToString("N")[..12]),
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

    public new virtual async Task DisposeAsync() => await base.DisposeAsync();

    /// <summary>An HTTP client that authenticates as an event source with an API key.</summary>
    public HttpClient ApiClient(string key = DevelopmentKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });
        client.DefaultRequestHeaders.Add(ApiKeyOptions.Header, key);
        return client;
    }

    public HttpClient AnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });

    /// <summary>Signs in through the login form like a browser (antiforgery token included) and keeps the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DevelopmentPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = BaseAddress });
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery field.");
        }

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            [WebUtility.HtmlDecode(token.Groups["name"].Value)] = WebUtility.HtmlDecode(token.Groups["value"].Value),
        }));
        // A Kestrel host's client follows redirects whatever AllowAutoRedirect says: then success is landing off the sign-in page.
        var redirected = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("failed", StringComparison.Ordinal) != true;
        var landed = response.IsSuccessStatusCode && response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal) == false;
        if (!redirected && !landed)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }

    /// <summary>A SignalR client on the wall board hub over a real WebSocket (in-process for TestServer).</summary>
    public HubConnection Hub(string apiKey = DevelopmentKey, string path = "/hubs/wallboard")
    {
        var url = new Uri(BaseAddress, path);
        return new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Headers[ApiKeyOptions.Header] = apiKey;
                if (!kestrel)
                {
                    options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var client = Server.CreateWebSocketClient();
                        client.ConfigureRequest = request => request.Headers[ApiKeyOptions.Header] = apiKey;
                        return await client.ConnectAsync(context.Uri, cancellationToken);
                    };
                }
            })
            .AddJsonProtocol(o => Host.Live.LiveExtensions.UseContractJson(o.PayloadSerializerOptions))
            .Build();
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The host on a real Kestrel port: for Chromium and anything outside the test process.</summary>
public class KestrelControlRoomHost() : ControlRoomHost(kestrel: true);
