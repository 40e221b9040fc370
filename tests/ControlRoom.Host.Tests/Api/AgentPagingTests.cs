using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Host.Tests.Api;

/// <summary><c>GET /api/agents</c> filters and pages on the server; without paging it keeps its list shape.</summary>
public sealed class AgentPagingTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    private async Task<HttpClient> RoomAsync()
    {
        var client = host.ApiClient();
        var now = DateTimeOffset.UtcNow.AddMinutes(-2);
        var events = Enumerable.Range(1, 7).Select(i =>
        {
            var e = AgentState($"pg-a{i}", i <= 5 ? "available" : "away", now, "pg-q1");
            e["attributes"] = new JsonObject { ["team"] = i % 2 == 0 ? "Pari" : "Dispari" };
            return e;
        }).ToArray();
        await client.PostAcceptedAsync(events);
        return client;
    }

    [Fact]
    public async Task Paged_AnswersOnePageAndTheTotal_InTheViewsOrder()
    {
        using var client = await RoomAsync();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=pg-q1&page=1&pageSize=3");
        var last = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=pg-q1&page=3&pageSize=3");

        first.GetProperty("total").GetInt32().Should().Be(7);
        first.GetProperty("page").GetInt32().Should().Be(1);
        first.GetProperty("pageSize").GetInt32().Should().Be(3);
        Ids(first.GetProperty("items")).Should().Equal("pg-a1", "pg-a2", "pg-a3");
        Ids(last.GetProperty("items")).Should().Equal("pg-a7");
    }

    [Fact]
    public async Task Filters_Combine_OnTheServer()
    {
        using var client = await RoomAsync();

        var away = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=pg-q1&state=away&pageSize=10");
        var evenAvailable = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=pg-q1&team=Pari&state=available&page=1");

        Ids(away.GetProperty("items")).Should().Equal("pg-a6", "pg-a7");
        Ids(evenAvailable.GetProperty("items")).Should().Equal("pg-a2", "pg-a4");
    }

    [Fact]
    public async Task Unpaged_KeepsTheListShape()
    {
        using var client = await RoomAsync();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/agents?queueId=pg-q1");

        list.ValueKind.Should().Be(JsonValueKind.Array);
        Ids(list).Should().HaveCount(7);
    }

    private static List<string?> Ids(JsonElement items) => [.. items.EnumerateArray().Select(a => a.GetProperty("agentId").GetString())];
}
