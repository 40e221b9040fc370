using ControlRoom.Contracts.Boards;
using Microsoft.Extensions.DependencyInjection;
using static ControlRoom.Testing.ContractEvents;

namespace ControlRoom.Browser.Tests.Boards;

/// <summary>A board lists only queues that exist: a typo in the board form is refused, in the admin's language.</summary>
public sealed class BoardQueueTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    private IBoardsGrain Boards => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBoardsGrain>(0);

    [Theory]
    [InlineData("en-GB", "No queue 'bq-chta' is known")]
    [InlineData("it-IT", "La coda 'bq-chta' non esiste")]
    public async Task ATypoInTheBoardsQueues_IsRefusedNamingIt_AndNoBoardIsSaved(string locale, string message)
    {
        using var api = host.ApiClient();
        await api.PostAcceptedAsync(Offered("bq-1", "bq-chat", DateTimeOffset.UtcNow, "chat"));
        var boardId = "typo-" + locale[..2];
        var page = await chromium.SignedInAsync(host, "admin", "/boards", locale);
        await page.Locator("#board-id").FillAsync(boardId);
        await page.Locator("#board-name").FillAsync("Typo");
        await page.Locator("[data-queue-choice=bq-chat]").CheckAsync();
        await page.Locator("#board-other-queues").FillAsync("bq-chta");

        await page.Locator("#board-save").ClickAsync();

        await Expect(page.Locator(".board-form .error")).ToContainTextAsync(message, new() { Timeout = 15_000 });
        (await Boards.GetBoard(boardId)).Should().BeNull();
        await Expect(page.Locator($"[data-board-item={boardId}]")).ToHaveCountAsync(0);
    }
}
