using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlRoom.Host.Sources;
using ControlRoom.Host.Sources.Twilio;
using Microsoft.Extensions.DependencyInjection;

namespace ControlRoom.Sources.Tests.Twilio;

/// <summary>Signed TaskRouter callbacks through the real pipeline into the grains, read back through the API.</summary>
public sealed class TaskRouterEndpointTests(SourcesHost host) : IClassFixture<SourcesHost>
{
    // Figures are read from rolling30m: events minutes old may fall on yesterday in Europe/Rome just after midnight.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task SignedTaskSequence_ShowsInTheQueuesFigures_AndTheWorkersState()
    {
        var task = new TaskRouterCallbacks(queueName: "Vendite Sequenza", workerName: "Sequenza Agent");
        using var client = host.AnonymousClient();

        foreach (var callback in new[]
        {
            task.WorkerActivityUpdate(Now.AddSeconds(-90), "Available"),
            task.TaskCreated(Now.AddSeconds(-60)),
            task.TaskQueueEntered(Now.AddSeconds(-60)),
            task.ReservationAccepted(Now.AddSeconds(-48)),
            task.TaskWrapup(Now.AddSeconds(-20)),
            task.ReservationWrapup(Now.AddSeconds(-20)),
            task.TaskCompleted(Now.AddSeconds(-10)),
            task.ReservationCompleted(Now.AddSeconds(-10)),
        })
        {
            using var response = await PostAsync(client, callback);
            response.StatusCode.Should().Be(HttpStatusCode.NoContent, callback["EventType"]);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/json", "TaskRouter asks for 204 with application/json");
        }

        using var api = host.ApiClient();
        var figures = (await api.GetFromJsonAsync<JsonElement>("/api/queues/Vendite-Sequenza")).GetProperty("rolling30m");
        figures.GetProperty("offered").GetInt32().Should().Be(1);
        figures.GetProperty("answered").GetInt32().Should().Be(1);
        figures.GetProperty("asa").GetDouble().Should().BeApproximately(12, 0.01);
        figures.GetProperty("aht").GetDouble().Should().BeApproximately(38, 0.01, "28 s of talk and 10 s of wrap-up");
        var agent = await api.GetFromJsonAsync<JsonElement>("/api/agents/Sequenza-Agent");
        agent.GetProperty("state").GetString().Should().Be("available");
        agent.GetProperty("team").GetString().Should().Be("Energia A");
    }

    [Theory]
    [InlineData("wrong token", SourcesHost.PublicUrl)]
    [InlineData(SourcesHost.AuthToken, "http://localhost/api/sources/twilio/taskrouter")]
    public async Task BadSignature_Is403_AndChangesNothing(string token, string signedUrl)
    {
        var task = new TaskRouterCallbacks(queueName: "Vendite Firma " + token.Length);
        using var client = host.AnonymousClient();
        var rejectedBefore = Activity().Rejected;

        using var request = TaskRouterCallbacks.SignedPost(TaskRouterEndpoint.Path, token, signedUrl, task.TaskQueueEntered(Now.AddSeconds(-5)));
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var queue = await host.ApiClient().GetAsync($"/api/queues/Vendite-Firma-{token.Length}");
        queue.StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused callback applies nothing");
        Activity().Rejected.Should().BeGreaterThan(rejectedBefore);
    }

    [Fact]
    public async Task MissingSignature_Is403()
    {
        using var client = host.AnonymousClient();

        using var response = await client.PostAsync(TaskRouterEndpoint.Path,
            new FormUrlEncodedContent(new TaskRouterCallbacks().TaskQueueEntered(Now)));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RetriedCallback_IsADuplicate_AndTheFiguresStay()
    {
        var task = new TaskRouterCallbacks(queueName: "Vendite Ripetuta");
        var entered = task.TaskQueueEntered(Now.AddSeconds(-30));
        using var client = host.AnonymousClient();
        var before = Activity();

        (await PostAsync(client, entered)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await PostAsync(client, entered)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var after = Activity();
        (after.Duplicates - before.Duplicates).Should().BeGreaterThanOrEqualTo(2, "the retry's offer and transfer were already in");
        var figures = (await host.ApiClient().GetFromJsonAsync<JsonElement>("/api/queues/Vendite-Ripetuta")).GetProperty("rolling30m");
        figures.GetProperty("offered").GetInt32().Should().Be(1);
        (await host.ApiClient().GetFromJsonAsync<JsonElement>("/api/queues/Vendite-Ripetuta")).GetProperty("waiting").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task CanceledTask_IsAnAbandon_AndATimedOutReservationLeavesItWaiting()
    {
        var task = new TaskRouterCallbacks(queueName: "Vendite Abbandono");
        using var client = host.AnonymousClient();

        (await PostAsync(client, task.TaskQueueEntered(Now.AddSeconds(-70)))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await PostAsync(client, task.ReservationTimeout(Now.AddSeconds(-40)))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var waiting = await host.ApiClient().GetFromJsonAsync<JsonElement>("/api/queues/Vendite-Abbandono");
        (await PostAsync(client, task.TaskCanceled(Now.AddSeconds(-20)))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        waiting.GetProperty("waiting").GetInt32().Should().Be(1, "a ring-no-answer leaves the contact in its queue");
        var figures = (await host.ApiClient().GetFromJsonAsync<JsonElement>("/api/queues/Vendite-Abbandono")).GetProperty("rolling30m");
        figures.GetProperty("abandoned").GetInt32().Should().Be(1);
        figures.GetProperty("answered").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task CallbackThatMapsToNothing_IsAcknowledgedAndCounted()
    {
        using var client = host.AnonymousClient();
        var ignoredBefore = Activity().Ignored;

        using var response = await PostAsync(client, new TaskRouterCallbacks().WorkflowEntered(Now));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Activity().Ignored.Should().Be(ignoredBefore + 1);
    }

    [Fact]
    public async Task SignedButMalformedCallback_Is400_AndAppliesNothing()
    {
        var task = new TaskRouterCallbacks(queueName: "Vendite Malformata");
        var entered = task.TaskQueueEntered(Now);
        entered.Remove("TaskSid");
        using var client = host.AnonymousClient();

        using var response = await PostAsync(client, entered);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("TaskSid");
        using var queue = await host.ApiClient().GetAsync("/api/queues/Vendite-Malformata");
        queue.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OversizedCallback_Is413()
    {
        var task = new TaskRouterCallbacks { TaskAttributes = $$"""{"notes":"{{new string('x', TaskRouterEndpoint.MaxBodyBytes)}}"}""" };
        using var client = host.AnonymousClient();

        using var response = await PostAsync(client, task.TaskQueueEntered(Now));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> callback)
    {
        using var request = TaskRouterCallbacks.SignedPost(TaskRouterEndpoint.Path, SourcesHost.AuthToken, SourcesHost.PublicUrl, callback);
        return await client.SendAsync(request);
    }

    private SourceCounts Activity() => host.Services.GetRequiredService<SourceActivity>().Snapshot(TaskRouterEndpoint.Source);
}
