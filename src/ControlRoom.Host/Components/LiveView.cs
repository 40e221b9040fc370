using Microsoft.JSInterop;

namespace ControlRoom.Host.Components;

/// <summary>
/// A live view (a board, the agents grid) registered with the browser script, which pings it as the heartbeat and
/// calls its <c>Resync</c> after any outage, so a reconnected screen reloads a full snapshot instead of trusting
/// what was buffered. The view needs <c>[JSInvokable]</c> methods <c>Ping</c> and <c>Resync</c>.
/// </summary>
public sealed class LiveView<TView> : IAsyncDisposable
    where TView : class
{
    private readonly IJSRuntime js;
    private readonly DotNetObjectReference<TView> self;
    private int registration;

    private LiveView(IJSRuntime js, TView view)
    {
        this.js = js;
        self = DotNetObjectReference.Create(view);
    }

    public static async Task<LiveView<TView>> RegisterAsync(IJSRuntime js, TView view)
    {
        var live = new LiveView<TView>(js, view);
        live.registration = await js.InvokeAsync<int>("controlroom.registerBoard", live.self);
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await js.InvokeVoidAsync("controlroom.unregisterBoard", registration);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; its heartbeat went with it.
        }

        self.Dispose();
    }
}
