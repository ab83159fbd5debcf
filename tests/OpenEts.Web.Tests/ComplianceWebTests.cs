// The MRV-to-compliance path and the public voluntary registry in a real browser against the real server:
// a verifier sees only its assigned report and verifies it through the form, the regulator makes it final,
// runs the year's steps and sees the entity compliant on /compliance (at phone width too); anyone searches
// the voluntary registry and finds the retirement and the CSV link. Screenshots are saved.
using System.Net.Http;
using Microsoft.Playwright;
using OpenEts.Registry;
using OpenEts.Server.Tests;
using static Microsoft.Playwright.Assertions;
using static OpenEts.Web.Tests.WebUiTests;

namespace OpenEts.Web.Tests;

/// <summary>Browser tests of the emissions, compliance and voluntary pages.</summary>
public sealed class ComplianceWebTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_verifier_verifies_a_report_and_the_regulator_makes_it_final_and_sees_it_on_compliance()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        foreach (var (name, role) in new[] { ("vera", Role.Verifier), ("regulator", Role.Regulator) })
            Assert.Null(await s.AddPersonAsync(name, role, Password));

        var verifier = await browser.NewPageAsync(s.BaseAddress);
        await LogInAsync(verifier, "vera");
        await verifier.GetByRole(AriaRole.Link, new() { Name = "Emissions" }).ClickAsync();
        var reports = verifier.Locator("#reports");
        await Expect(reports).ToContainTextAsync("F-A");
        await Expect(reports).Not.ToContainTextAsync("F-B"); // walt's report stays hidden
        await verifier.GetByLabel("Adjustment reason (F-A 2024)").FillAsync("coal weighbridge error");
        await verifier.GetByLabel("Adjustment, t CO2e (F-A 2024)").FillAsync("-500");
        await verifier.GetByLabel("Verification statement (F-A 2024)").FillAsync("Reasonable assurance; one adjustment.");
        await verifier.GetByRole(AriaRole.Button, new() { Name = "Record verification of F-A 2024" }).ClickAsync();
        await Expect(verifier.GetByRole(AriaRole.Status)).ToHaveTextAsync("Report F-A/2024 verified.");
        await Expect(reports.Locator("tr", new() { HasText = "F-A" })).ToContainTextAsync("89,500"); // 90,000 − 500
        await Expect(verifier.GetByRole(AriaRole.Button, new() { Name = "Record verification of F-A 2024" })).ToHaveCountAsync(0);
        await Browser.ShotAsync(verifier, "emissions-verified");

        var regulator = await browser.NewPageAsync(s.BaseAddress, phone: true);
        await LogInAsync(regulator, "regulator");
        await regulator.GotoAsync("/emissions?year=2024");
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Make F-A 2024 final" }).ClickAsync();
        await Expect(regulator.GetByRole(AriaRole.Status)).ToHaveTextAsync("Report F-A/2024 made final.");
        await Expect(regulator.Locator("#reports tr", new() { HasText = "F-A" })).ToContainTextAsync("final");

        await regulator.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).ClickAsync();
        await Expect(regulator.GetByRole(AriaRole.Heading, new() { Name = "2024: plan cn-power-2024, deadline 2025-12-31, open" })).ToBeVisibleAsync();
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Set obligations from final verified emissions" }).ClickAsync();
        await Expect(regulator.GetByRole(AriaRole.Status)).ToHaveTextAsync("Step 'obligations' done.");
        var acme = regulator.Locator("#entities tr", new() { HasText = "acme" });
        await Expect(acme).ToContainTextAsync("89,500");
        await Expect(acme).ToContainTextAsync("open");
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Surrender from holdings" }).ClickAsync();
        await Expect(regulator.GetByRole(AriaRole.Status)).ToHaveTextAsync("Step 'surrenders' done.");
        await Expect(regulator.Locator("#rates")).ToContainTextAsync("Compliance rate by entities100.00%1 of 1 entities");
        await Expect(regulator.Locator("#rates")).ToContainTextAsync("89,500 of 89,500 t");
        var overflow = await regulator.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The compliance page scrolls sideways at phone width.");
        await Browser.ShotAsync(regulator, "compliance-phone");
    }

    [Fact]
    public async Task Anyone_searches_the_voluntary_registry_and_finds_the_retirement_and_its_csv()
    {
        await using var s = await ServerUnderTest.StartAsync(new SqliteSource());
        await VoluntaryMarket.PrepareAsync(s);
        var page = await browser.NewPageAsync(s.BaseAddress);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voluntary registry" }).ClickAsync();
        await page.GetByLabel("Search projects, owners, beneficiaries").FillAsync("Acme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var retirement = page.Locator("#retirements tr", new() { HasText = "T1" });
        await Expect(retirement).ToContainTextAsync("Acme, Ltd");
        await Expect(retirement).ToContainTextAsync("CCER-PX-2025-1-1500");
        await Expect(retirement).ToContainTextAsync("1,500");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download the credit list (CSV, the published registry's columns for this search)" });
        var href = await link.GetAttributeAsync("href");
        Assert.Equal("/api/ccer/credits.csv?search=Acme", href);
        using var http = new HttpClient { BaseAddress = s.BaseAddress };
        var csv = await http.GetStringAsync(href);
        Assert.StartsWith("project_id,project_name,methodology,province,vintage,serial_number,", csv, StringComparison.Ordinal);
        Assert.Contains("CCER-PX-2025-1-1500,1,1500,1500,retired,", csv, StringComparison.Ordinal);
        await Browser.ShotAsync(page, "voluntary-search");
    }
}
