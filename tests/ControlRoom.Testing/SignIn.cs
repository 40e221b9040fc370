using System.Net;
using System.Text.RegularExpressions;

namespace ControlRoom.Testing;

/// <summary>Signs in through the login form like a browser (antiforgery token included) and keeps the cookie.</summary>
public static partial class SignIn
{
    public static async Task<HttpClient> AsAsync(Uri baseAddress, string userName, string password = ControlRoomHost.DevelopmentPassword)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
        };
        return await AsAsync(client, userName, password);
    }

    public static async Task<HttpClient> AsAsync(HttpClient client, string userName, string password = ControlRoomHost.DevelopmentPassword)
    {
        var token = AntiforgeryFieldOf(await client.GetStringAsync(new Uri("/account/login", UriKind.Relative)));

        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            [token.Key] = token.Value,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("failed", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }

    /// <summary>The antiforgery field (name, value) of a page's form, as a browser would send it back.</summary>
    public static KeyValuePair<string, string> AntiforgeryFieldOf(string html)
    {
        var token = AntiforgeryField().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("The page has no antiforgery field.");
        }

        return new(WebUtility.HtmlDecode(token.Groups["name"].Value), WebUtility.HtmlDecode(token.Groups["value"].Value));
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
