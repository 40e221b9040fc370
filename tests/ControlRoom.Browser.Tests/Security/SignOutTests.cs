namespace ControlRoom.Browser.Tests.Security;

/// <summary>Sign-out is the layout's POST form with its antiforgery token (issue 14 item 4), and it works from a live page.</summary>
public sealed class SignOutTests(KestrelControlRoomHost host, Chromium chromium)
    : IClassFixture<KestrelControlRoomHost>, IClassFixture<Chromium>
{
    [Fact]
    public async Task SignOutButton_EndsTheSession()
    {
        var page = await chromium.SignedInAsync(host, "viewer", "/agents");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 30_000 });
        await page.GotoAsync("/agents");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 30_000 });
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == "controlroom.auth");
    }
}
