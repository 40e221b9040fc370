using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ControlRoom.Testing;

/// <summary>A small real HTTP server on a free loopback port, standing in for a system outside ControlRoom.</summary>
public abstract class LocalEndpoint : IAsyncDisposable
{
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        Map(app);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
    }

    protected abstract void Map(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The host with an outside endpoint started first (its address goes into the settings) and stopped last.</summary>
public abstract class HostBeside<TEndpoint>(TEndpoint endpoint) : ControlRoomHost
    where TEndpoint : LocalEndpoint
{
    public TEndpoint Endpoint { get; } = endpoint;

    public override async Task InitializeAsync()
    {
        await Endpoint.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Endpoint.DisposeAsync();
    }
}
