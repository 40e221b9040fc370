using Microsoft.Playwright;

namespace ControlRoom.Observability.Tests;

/// <summary>The API reference page in Chromium, under its strict Content-Security-Policy, and the circuit counter of the boards.</summary>
[Collection(ObservedHostCollection.Name)]
public sealed class ApiReferenceBrowserTests(ObservedHost host, Chromium chromium) : IClassFixture<Chromium>
{
    /// <summary>Generous: the reference is a 3 MB script, and CI shares two cores among test projects.</summary>
    private const float Patience = 60_000;

    [Fact]
    public async Task ApiReference_RendersTheOperationsForASignedInReader_WithoutBreakingItsContentSecurityPolicy()
    {
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI));
            """);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/api/docs");
        var reference = await page.RunAndWaitForResponseAsync(
            () => SignInAsync(page, "viewer"),
            r => r.Url.EndsWith("/api/docs/", StringComparison.Ordinal) && r.Status == 200,
            new() { Timeout = Patience });

        var policy = await reference.HeaderValueAsync("content-security-policy");
        policy.Should().Contain("script-src 'self' 'nonce-").And.NotContain("unsafe-eval").And.Contain("default-src 'self'");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ControlRoom API" })).ToBeVisibleAsync(new() { Timeout = Patience });
        foreach (var area in new[] { "Events", "Queues", "Agents", "Alerts", "Staffing", "Operations" })
        {
            await Assertions.Expect(page.GetByText(area, new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = Patience });
        }

        await page.GetByText("Events", new() { Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("Ingest contact events (JSON array or NDJSON), all or nothing; 202 once they are durable and applied.").First).ToBeVisibleAsync(new() { Timeout = Patience });

        // The bundle asks once whether eval works (a schema library's capability probe, which falls back when it does
        // not): that report is expected; anything else blocked would be a real breakage.
        var violations = await page.EvaluateAsync<string[]>("() => window.__violations");
        violations.Where(v => v != "script-src eval").Should().BeEmpty("the reference runs under the policy it is served with");
        errors.Should().NotContain(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ApiReference_SendsAnonymousPeopleToSignInFirst()
    {
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());

        await page.GotoAsync("/api/docs");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Circuits_CountABoardOpenInABrowser()
    {
        using var circuits = host.Collect<long>("controlroom.blazor.circuits");
        var page = await chromium.NewPageAsync(host.BaseAddress.ToString());

        await page.GotoAsync("/");
        await SignInAsync(page, "viewer");
        await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Patience });

        await circuits.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        circuits.GetMeasurementSnapshot().Should().Contain(m => m.Value == 1);
    }

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.Locator("#userName").FillAsync(user);
        await page.Locator("#password").FillAsync(ControlRoomHost.DevelopmentPassword);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = Patience });
    }
}
