// The emissions, compliance, voluntary and console pages through the real server: each person sees what
// the API would show them (a verifier only its assigned reports), forms post engine commands with the
// same checks (a regulator adds a sector's plan to an open year), data is HTML-encoded, and the console lists
// alerts and the allocation plans, power and industrial.
using System.Net;
using System.Text.RegularExpressions;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed partial class WebPagesTests
{
    private static HttpClient NoRedirect(ServerUnderTest s, string? who)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = s.BaseAddress };
        if (who is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", s.KeyOf(who));
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Html)> Get(HttpClient c, string path)
    {
        using var response = await c.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Posts a page's form fields with the antiforgery token the page handed this client.
    private static async Task<HttpResponseMessage> PostForm(HttpClient c, string page, string action, Dictionary<string, string> fields)
    {
        var html = await c.GetStringAsync(page);
        fields["form_token"] = Token().Match(html).Groups[1].Value;
        return await c.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    // The facility-year cells of the reports table.
    private static string[] Reports(string html) =>
        [.. ReportRow().Matches(html).Select(m => $"{m.Groups[1].Value}/{m.Groups[2].Value}")];

    [GeneratedRegex("<tr><td>(F-[A-Z])</td><td>[^<]*</td><td>(\\d{4})</td>")]
    private static partial Regex ReportRow();

    [Fact]
    public async Task Each_person_sees_only_the_reports_the_api_would_show_them()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        var expected = new Dictionary<string, string[]>
        {
            ["regulator"] = ["F-A/2024", "F-B/2024"],
            ["registry"] = ["F-A/2024", "F-B/2024"],
            ["acme"] = ["F-A/2024"],
            ["beta"] = ["F-B/2024"],
            ["vera"] = ["F-A/2024"],
            ["walt"] = ["F-B/2024"],
            ["ivy"] = [],
            ["exchange"] = [],
        };
        foreach (var (who, reports) in expected)
        {
            using var c = NoRedirect(s, who);
            var (status, html) = await Get(c, "/emissions?year=2024");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(reports, Reports(html));
            // Only the assigned verifier gets the verification form, only for its own report.
            Assert.Equal(who is "vera" or "walt", html.Contains("Record verification", StringComparison.Ordinal));
            Assert.Equal(who == "walt", html.Contains("/emissions/F-B/2024/verification", StringComparison.Ordinal));
        }
        using var anonymous = NoRedirect(s, null);
        using var away = await anonymous.GetAsync("/emissions");
        Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
        Assert.Equal("/login?return=%2Femissions", away.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Forms_run_the_mrv_and_cycle_commands_with_the_apis_checks()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        using var walt = NoRedirect(s, "walt");
        using var vera = NoRedirect(s, "vera");
        using var regulator = NoRedirect(s, "regulator");
        var verification = new Dictionary<string, string> { ["adjustment_reason"] = "meter <b>drift</b>", ["adjustment_tco2e"] = "-500", ["statement"] = "Reasonable assurance." };

        var seq = await s.JournalSeqAsync();
        using (var wrong = await PostForm(walt, "/emissions", "/emissions/F-A/2024/verification", new(verification)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.Contains("role=\"alert\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(seq + 1, await s.JournalSeqAsync()); // journaled as refused
        using (var bad = await PostForm(vera, "/emissions", "/emissions/F-A/2024/verification", new(verification) { ["adjustment_tco2e"] = "a lot" }))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using (var noToken = await vera.PostAsync("/emissions/F-A/2024/verification", new FormUrlEncodedContent(verification)))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(seq + 1, await s.JournalSeqAsync());

        using (var ok = await PostForm(vera, "/emissions", "/emissions/F-A/2024/verification", new(verification)))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal("/emissions?year=2024&done=verified&report=F-A%2F2024", ok.Headers.Location?.OriginalString);
        }
        var (_, shown) = await Get(regulator, "/emissions?year=2024");
        Assert.Contains("<td class=\"n\">89,500</td>", shown, StringComparison.Ordinal); // 90,000 − 500
        Assert.Contains("aria-label=\"Make F-A 2024 final\"", shown, StringComparison.Ordinal);
        using (var notYours = await PostForm(vera, "/emissions", "/emissions/F-A/2024/final", []))
            Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        using (var final = await PostForm(regulator, "/emissions", "/emissions/F-A/2024/final", []))
            Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);

        using (var step = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "obligations", ["year"] = "2024" }))
            Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        var (_, compliance) = await Get(regulator, "/compliance?year=2024");
        Assert.Contains("<td>acme</td>", compliance, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">89,500</td><td class=\"n\">89,500</td>", compliance, StringComparison.Ordinal); // verified, obligation
        Assert.Contains("0 of 1 entities", compliance, StringComparison.Ordinal);
        using (var step = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "surrenders", ["year"] = "2024" }))
            Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        (_, compliance) = await Get(regulator, "/compliance?year=2024");
        Assert.Contains("Compliance rate by entities<b>100.00%</b>1 of 1 entities", compliance, StringComparison.Ordinal);
        // The public dashboard publishes the year's rates (no entity names).
        using (var anonymous = s.Anonymous())
        {
            var (_, dashboard) = await Get(anonymous, "/");
            Assert.Contains("<td>2024</td><td>cn-power-2024</td><td>open, deadline 2025-12-31</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">100.00%</td><td class=\"n\">89,500</td><td class=\"n\">89,500</td><td class=\"n\">100.00%</td>", dashboard, StringComparison.Ordinal);
            Assert.DoesNotContain("acme", dashboard, StringComparison.Ordinal);
        }
        Assert.Contains("Compliance rate by tonnes<b>100.00%</b>89,500 of 89,500 t", compliance, StringComparison.Ordinal);
        using (var early = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "close", ["year"] = "2024", ["reference_price_fen"] = "9749" }))
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode); // deadline_not_reached
    }

    [Fact]
    public async Task Compliance_is_shown_to_regulators_the_registry_and_each_entity_its_own()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        foreach (var (who, status, seesAcme) in new[] { ("regulator", HttpStatusCode.OK, true), ("registry", HttpStatusCode.OK, true), ("acme", HttpStatusCode.OK, true),
            ("beta", HttpStatusCode.OK, false), ("ivy", HttpStatusCode.Forbidden, false), ("vera", HttpStatusCode.Forbidden, false), ("exchange", HttpStatusCode.Forbidden, false) })
        {
            using var c = NoRedirect(s, who);
            var (got, html) = await Get(c, "/compliance");
            Assert.True(status == got, $"{who}: {got}");
            Assert.Equal(seesAcme, html.Contains("<td>acme</td>", StringComparison.Ordinal));
            Assert.Equal(who == "regulator", html.Contains("Cycle steps", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_regulator_adds_a_sector_plan_to_an_open_year_from_the_page()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        using var regulator = NoRedirect(s, "regulator");
        using var acme = NoRedirect(s, "acme");
        var (_, before) = await Get(regulator, "/compliance?year=2024");
        Assert.Contains("<table id=\"year-plans\">", before, StringComparison.Ordinal);
        Assert.Contains("<tr><td>power</td><td>cn-power-2024</td></tr>", before, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>steel</td>", before, StringComparison.Ordinal);
        // The open form offers the industrial plans beside the power ones.
        foreach (var plan in new[] { "cn-steel-2024", "cn-cement-2024", "cn-aluminium-2024", "cn-steel-2025", "cn-cement-2025", "cn-aluminium-2025" })
            Assert.Contains($"<option value=\"{plan}\">", before, StringComparison.Ordinal);
        Assert.Contains("<option value=\"cn-power-2024\" selected>", before, StringComparison.Ordinal);

        // Not a regulator: no form, and a post is refused by the engine (journaled as refused), the year unchanged.
        var seq = await s.JournalSeqAsync();
        Assert.DoesNotContain("name=\"plan_id\"", (await Get(acme, "/compliance?year=2024")).Html, StringComparison.Ordinal);
        using (var refused = await PostForm(acme, "/compliance", "/compliance/steps", new() { ["step"] = "open", ["year"] = "2024", ["plan_id"] = "cn-steel-2024" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("may not open compliance years (regulators only).", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(seq + 1, await s.JournalSeqAsync());
        Assert.DoesNotContain("<td>steel</td>", (await Get(regulator, "/compliance?year=2024")).Html, StringComparison.Ordinal);

        using (var added = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "open", ["year"] = "2024", ["plan_id"] = "cn-steel-2024" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            Assert.Equal("/compliance?year=2024&done=open", added.Headers.Location?.OriginalString);
        }
        var (_, after) = await Get(regulator, "/compliance?year=2024");
        Assert.Contains("<tr><td>power</td><td>cn-power-2024</td></tr><tr><td>steel</td><td>cn-steel-2024</td></tr></table>", after, StringComparison.Ordinal);
        Assert.Contains("<td>acme</td>", after, StringComparison.Ordinal); // the power entity stays under its plan
        // The API reads the same year: both sectors' plans.
        var status = await regulator.GetStringAsync("/api/compliance/2024");
        Assert.Contains("\"plans\":{\"power\":\"cn-power-2024\",\"steel\":\"cn-steel-2024\"}", status, StringComparison.Ordinal);
        // A covered entity sees the year's plans too, without the form.
        var (_, entity) = await Get(acme, "/compliance?year=2024");
        Assert.Contains("<tr><td>steel</td><td>cn-steel-2024</td></tr>", entity, StringComparison.Ordinal);
        Assert.DoesNotContain("Cycle steps", entity, StringComparison.Ordinal);

        // Again: the sector is open already (year_exists, 409), nothing changes; a plan of another year is refused too.
        using (var again = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "open", ["year"] = "2024", ["plan_id"] = "cn-steel-2024" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("already open for the steel sector, under cn-steel-2024.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var wrongYear = await PostForm(regulator, "/compliance", "/compliance/steps", new() { ["step"] = "open", ["year"] = "2024", ["plan_id"] = "cn-cement-2025" }))
            Assert.Equal(HttpStatusCode.Conflict, wrongYear.StatusCode); // plan_not_for_year
        Assert.Equal(2, Regex.Count((await Get(regulator, "/compliance?year=2024")).Html, "<tr><td>(power|steel)</td><td>cn-"));
    }

    [Fact]
    public async Task The_console_lists_alerts_and_the_allocation_plans()
    {
        await using var s = await ComplianceMarket.StartAsync(new ManualClock(ComplianceMarket.Start));
        using var regulator = NoRedirect(s, "regulator");
        var (status, html) = await Get(regulator, "/console");
        Assert.Equal(HttpStatusCode.OK, status);
        // Both reports came on 1 June 2025, after the 31 March deadline; neither has monthly deposits (12 × 5 points).
        Assert.Contains("F-A (acme) filed its 2024 report late, on 2025-06-01.", html, StringComparison.Ordinal);
        Assert.Contains("F-B (beta) filed its 2024 report late, on 2025-06-01.", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "data-kind=\"data_quality\""));
        Assert.Contains("<td title=\"", html, StringComparison.Ordinal);
        foreach (var plan in new[] { "cn-power-2019-2020", "cn-power-2021", "cn-power-2022", "cn-power-2023", "cn-power-2024" })
            Assert.Contains($">{plan}</td>", html, StringComparison.Ordinal);
        // The industrial plans: sector, plan, method, and the 2025 benchmarks the sources do not give.
        var sectorPlans = html[html.IndexOf("<table id=\"sector-plans\">", StringComparison.Ordinal)..];
        sectorPlans = sectorPlans[..sectorPlans.IndexOf("</table>", StringComparison.Ordinal)];
        foreach (var (sector, product) in new[] { ("steel", "crude steel"), ("cement", "clinker"), ("aluminium", "primary aluminium") })
        {
            Assert.Contains($"<tr><td>{sector}</td><td title=\"", sectorPlans, StringComparison.Ordinal);
            Assert.Matches($"<tr><td>{sector}</td><td title=\"[^\"]*\">cn-{sector}-2024</td><td>2024</td><td>grandfathered \\(verified emissions\\)</td><td>—</td><td>2025-12-31</td></tr>", sectorPlans);
            Assert.Matches($"<tr><td>{sector}</td><td title=\"[^\"]*\">cn-{sector}-2025</td><td>2025</td><td>pre-allocation 70% of 2024 \\+ intensity true-up</td><td>{product}: not published</td><td>2026-12-31</td></tr>", sectorPlans);
        }
        Assert.Equal(6, Regex.Count(sectorPlans, "<tr><td>"));
        using var acme = NoRedirect(s, "acme");
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(acme, "/console")).Status);
    }

    [Fact]
    public async Task The_voluntary_registry_is_public_searchable_and_encoded()
    {
        await using var s = await StartAsync(new SqliteSource());
        await VoluntaryMarket.PrepareAsync(s);
        using var anonymous = NoRedirect(s, null);
        var (status, html) = await Get(anonymous, "/voluntary?q=acme");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<td>T1</td>", html, StringComparison.Ordinal);
        Assert.Contains("CCER-PX-2025-1-1500", html, StringComparison.Ordinal);
        Assert.Contains("Acme, Ltd", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/ccer/credits.csv?search=acme\"", html, StringComparison.Ordinal);

        (_, html) = await Get(anonymous, "/voluntary?q=rudong");
        Assert.Contains("<td>Rudong offshore wind</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">10,000</td><td class=\"n\">1,500</td>", html, StringComparison.Ordinal); // issued, retired

        (_, html) = await Get(anonymous, "/voluntary?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(html, "None found."));
        using var tooLong = await anonymous.GetAsync("/voluntary?q=" + new string('x', 101));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}
