using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlRoom.QueueLog.Tests.Delivery;

/// <summary>What the proxy does to one request to <c>POST /api/events</c>.</summary>
public abstract record Fault
{
    /// <summary>Nothing: the request goes to the host and its answer back.</summary>
    public sealed record None : Fault;

    /// <summary>Answers the status itself (503, 429, …) with <c>Retry-After</c>; the host never sees the request.</summary>
    public sealed record Answer(int Status, string? RetryAfter = null) : Fault;

    /// <summary>Closes the connection without an answer: a network error for the client.</summary>
    public sealed record Drop : Fault;

    /// <summary>Changes the body before the host sees it (as if the host read the batch differently).</summary>
    public sealed record Rewrite(Func<string, string> Change) : Fault;

    /// <summary>
    /// Lets the host apply the batch, then keeps its answer back until <see cref="Release"/>: the client waits with
    /// its events applied but unacknowledged, the crash window of an uploader.
    /// </summary>
    public sealed record ForwardAndHold : Fault
    {
        private readonly TaskCompletionSource applied = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the host has answered the held request.</summary>
        public Task Applied => applied.Task;

        internal Task Released => released.Task;

        internal void MarkApplied() => applied.TrySetResult();

        public void Release() => released.TrySetResult();
    }
}

/// <summary>
/// A real HTTP hop between the connector and the host that can refuse, drop or hold chosen requests, so the
/// connector meets an overloaded host, a broken network or a crash mid-batch exactly when a test says, not by luck.
/// Requests without a planned fault go to the host unchanged, answer and all.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly ConcurrentQueue<Fault> planned = new();
    private readonly HttpClient upstream = new();
    private readonly Uri host;
    private WebApplication? app;
    private int requests;

    private FaultProxy(Uri host) => this.host = host;

    /// <summary>The proxy's root, to give the connector as <c>--url</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Statuses the proxy answered with, in order (the host's or its own; 0 for a dropped connection).</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    public static async Task<FaultProxy> StartAsync(Uri host)
    {
        var proxy = new FaultProxy(host);
        await proxy.StartAsync();
        return proxy;
    }

    /// <summary>The next requests meet these faults, one each, in order; later ones reach the host untouched.</summary>
    public void Plan(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            planned.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (planned.TryDequeue(out var fault))
        {
            (fault as Fault.ForwardAndHold)?.Release();
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }

        upstream.Dispose();
    }

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/api/events", Handle);
        await app.StartAsync();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private async Task Handle(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        planned.TryDequeue(out var fault);
        switch (fault)
        {
            case Fault.Answer answer:
                if (answer.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                Answers.Enqueue(answer.Status);
                context.Response.StatusCode = answer.Status;
                await context.Response.WriteAsJsonAsync(new { title = "planned by the test", status = answer.Status });
                return;
            case Fault.Drop:
                Answers.Enqueue(0);
                context.Abort();
                return;
            case Fault.Rewrite rewrite:
                body = rewrite.Change(body);
                break;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host, "/api/events"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson"),
        };
        foreach (var header in context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        using var response = await upstream.SendAsync(request);
        var answerBody = await response.Content.ReadAsStringAsync();
        if (fault is Fault.ForwardAndHold hold)
        {
            hold.MarkApplied();
            await hold.Released;
            Answers.Enqueue(0);
            context.Abort(); // whoever waited for this answer is gone (killed); nobody gets it
            return;
        }

        Answers.Enqueue((int)response.StatusCode);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.WriteAsync(answerBody);
    }
}
