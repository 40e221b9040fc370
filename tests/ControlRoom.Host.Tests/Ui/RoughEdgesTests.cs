using System.Net;

namespace ControlRoom.Host.Tests.Ui;

/// <summary>The small things a new user meets first: the 403 page, the icon, the sign-in page.</summary>
public sealed class RoughEdgesTests(ControlRoomHost host) : IClassFixture<ControlRoomHost>
{
    [Theory]
    [InlineData("it-IT", "Accesso negato", "Il tuo ruolo non consente questa pagina.", "Access denied")]
    [InlineData("en-GB", "Access denied", "Your role does not allow this page.", "Accesso negato")]
    public async Task ForbiddenPage_IsStyled_AndSpeaksTheUsersLanguageOnly(string language, string title, string text, string otherLanguage)
    {
        using var viewer = await host.SignInAsync("viewer");
        viewer.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        viewer.DefaultRequestHeaders.Accept.ParseAdd("text/html"); // as a browser navigating asks

        using var response = await viewer.GetAsync("/planner");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain(title).And.Contain(text).And.Contain("css/controlroom.css").And.Contain("viewer");
        html.Should().NotContain(otherLanguage);
    }

    [Theory]
    [InlineData("/favicon.ico")]
    [InlineData("/favicon.svg")]
    public async Task Icon_IsServed(string path)
    {
        using var client = host.AnonymousClient();

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().StartWith("image/");
        (await response.Content.ReadAsByteArrayAsync()).Should().NotBeEmpty();
    }

    [Fact]
    public async Task SignInPage_ShowsNoNavigation_ButLinksTheIcon()
    {
        using var client = host.AnonymousClient();

        var html = await client.GetStringAsync("/account/login");

        html.Should().NotContain("<nav").And.NotContain("href=\"agents\"").And.NotContain("href=\"alerts\"");
        html.Should().Contain("rel=\"icon\"").And.Contain("id=\"userName\"");
    }
}
