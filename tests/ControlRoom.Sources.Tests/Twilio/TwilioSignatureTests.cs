using ControlRoom.Host.Sources.Twilio;

namespace ControlRoom.Sources.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    // The vector of Twilio's own C# helper tests (twilio-csharp, test/Twilio.Test/Security/RequestValidatorTest.cs):
    // auth token 12345, this URL and these parameters sign to RSOYDt4T1cUTdK1PDd93/VVr8B8=.
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    [Fact]
    public void TwilioPublishedVector_Validates()
    {
        TwilioSignature.Compute("12345", Url, Parameters).Should().Be("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        TwilioSignature.IsValid("12345", Url, Parameters, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").Should().BeTrue();
    }

    [Theory]
    [InlineData("NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=", "12345")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "54321")]
    [InlineData("", "12345")]
    public void WrongSignatureOrToken_IsRefused(string signature, string token) =>
        TwilioSignature.IsValid(token, Url, Parameters, signature).Should().BeFalse();

    [Fact]
    public void ChangedParameter_IsRefused()
    {
        var changed = Parameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p).ToArray();

        TwilioSignature.IsValid("12345", Url, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").Should().BeFalse();
    }

    [Fact]
    public void SignatureWithTheDefaultPort_IsAcceptedForTheUrlWithout_AndTheOtherWayRound()
    {
        var withPort = TwilioSignature.Compute("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters);
        var withoutPort = TwilioSignature.Compute("12345", Url, Parameters);

        TwilioSignature.IsValid("12345", Url, Parameters, withPort).Should().BeTrue();
        TwilioSignature.IsValid("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters, withoutPort).Should().BeTrue();
    }

    [Theory]
    [InlineData("https://example.com/cb", "https://example.com:443/cb")]
    [InlineData("http://example.com/cb?x=1", "http://example.com:80/cb?x=1")]
    [InlineData("https://user:pass@example.com:8443/cb", "https://user:pass@example.com/cb")]
    [InlineData("https://[::1]:8443/cb", "https://[::1]/cb")]
    public void UrlVariants_AddOrRemoveThePortOnly(string url, string variant) =>
        TwilioSignature.UrlVariants(url).Should().Equal(url, variant);
}
