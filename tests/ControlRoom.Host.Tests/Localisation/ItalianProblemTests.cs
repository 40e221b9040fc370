using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Localisation;

/// <summary>Problem documents answer in the request's language: Italian with Accept-Language: it, English otherwise.</summary>
public sealed class ItalianProblemTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Fact]
    public async Task UnknownQueue_InItalian_HasAnItalianTitleAndDetail()
    {
        using var client = Client("it-IT,it;q=0.9");

        var problem = await ProblemAsync(client, HttpMethod.Get, "/api/queues/coda-inesistente", HttpStatusCode.NotFound);

        problem.GetProperty("title").GetString().Should().Be("Coda sconosciuta");
        problem.GetProperty("detail").GetString().Should().Be("Nessun evento ha mai nominato la coda 'coda-inesistente'.");
    }

    [Fact]
    public async Task UnknownQueue_InEnglish_StaysEnglish()
    {
        using var client = Client("en-GB");

        var problem = await ProblemAsync(client, HttpMethod.Get, "/api/queues/no-such-queue", HttpStatusCode.NotFound);

        problem.GetProperty("title").GetString().Should().Be("Unknown queue");
    }

    [Fact]
    public async Task BadCalculatorQuery_InItalian_NamesEveryFieldInItalian_WithoutPatterns()
    {
        using var client = Client("it");

        var problem = await ProblemAsync(client, HttpMethod.Get, "/api/staffing/erlang?arrivals=molti&intervalSeconds=0&ahtSeconds=180&thresholdSeconds=20&targetServiceLevel=100", HttpStatusCode.BadRequest);

        problem.GetProperty("title").GetString().Should().Be("La richiesta non è valida");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("arrivals")[0].GetString().Should().Be("'molti' non è un numero");
        errors.GetProperty("intervalSeconds")[0].GetString().Should().Be("deve essere tra 1 e 86.400");
        errors.GetProperty("targetServiceLevel")[0].GetString().Should().Be("deve essere una percentuale maggiore di 0 e minore di 100");
    }

    [Fact]
    public async Task AgentsQuery_WithABadState_IsRefusedInTheRequestsLanguage()
    {
        using var italian = Client("it");
        using var english = Client("en");

        var it = await ProblemAsync(italian, HttpMethod.Get, "/api/agents?state=sleeping&page=0", HttpStatusCode.BadRequest);
        var en = await ProblemAsync(english, HttpMethod.Get, "/api/agents?state=sleeping", HttpStatusCode.BadRequest);

        it.GetProperty("errors").GetProperty("state")[0].GetString().Should().Contain("non è uno stato");
        it.GetProperty("errors").GetProperty("page")[0].GetString().Should().Be("deve essere un numero intero da 1 a 2.147.483.647");
        en.GetProperty("errors").GetProperty("state")[0].GetString().Should().Contain("is not a state");
    }

    [Fact]
    public async Task RerouteWithoutQueues_AsAnItalianPlanner_SaysSoInItalian()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(AgentState("it-rr-a1", "available", DateTimeOffset.UtcNow.AddMinutes(-1), "it-rr-q"));
        using var planner = await host.SignInAsync("planner");
        planner.DefaultRequestHeaders.AcceptLanguage.ParseAdd("it-IT");

        using var response = await planner.PostAsJsonAsync("/api/agents/it-rr-a1/queues/what-if", new { add = Array.Empty<object>(), remove = Array.Empty<string>() });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("add")[0].GetString().Should().Be("aggiungi o togli almeno una coda");
    }

    [Fact]
    public async Task ResolvingAnAlert_WithoutAReason_OrTwice_IsRefusedInItalian()
    {
        using var source = host.ApiClient();
        await source.PostAcceptedAsync(Offered("it-res-1", "it-res-q", DateTimeOffset.UtcNow.AddSeconds(-150)));
        using var lead = await host.SignInAsync("lead");
        lead.DefaultRequestHeaders.AcceptLanguage.ParseAdd("it-IT");
        var alertId = (await Eventually.UntilAsync(
            () => source.GetFromJsonAsync<JsonElement>("/api/alerts?queueId=it-res-q"), list => list.GetArrayLength() > 0, "the alert raised", TimeSpan.FromSeconds(60)))[0].GetProperty("id").GetString();

        using var noReason = await lead.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { reason = "" });
        using var first = await lead.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { reason = "risolto" });
        using var second = await lead.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { reason = "di nuovo" });

        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString()
            .Should().Be("scrivi un motivo per risolvere a mano un allarme");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var conflict = await second.Content.ReadFromJsonAsync<JsonElement>();
        conflict.GetProperty("title").GetString().Should().Be("L'allarme non lo consente ora");
        conflict.GetProperty("detail").GetString().Should().Be("L'allarme è già stato risolto da lead.");
    }

    [Fact]
    public async Task UnknownTimeZone_IsRefused_AndAKnownOneIsRemembered()
    {
        using var client = Client("it");

        var problem = await ProblemAsync(client, HttpMethod.Get, "/timezone?zone=Marte%2FOlimpo&returnUrl=%2F", HttpStatusCode.BadRequest);
        using var chosen = await client.GetAsync("/timezone?zone=Asia%2FTokyo&returnUrl=%2Falerts");

        problem.GetProperty("errors").GetProperty("zone")[0].GetString().Should().Contain("non è un fuso orario");
        chosen.StatusCode.Should().Be(HttpStatusCode.Redirect);
        chosen.Headers.Location!.OriginalString.Should().Be("/alerts");
        chosen.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("controlroom.tz=Asia%2FTokyo", StringComparison.Ordinal));
    }

    private HttpClient Client(string language)
    {
        var client = host.ApiClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient client, HttpMethod method, string path, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
