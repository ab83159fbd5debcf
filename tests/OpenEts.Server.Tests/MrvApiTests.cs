// MRV over HTTP through the real server: every MRV endpoint × every role with the expected answer
// written out (A allowed 2xx, D denied 403, H hidden 404, U unauthenticated 401), then a whole
// reporting cycle with what each identity sees and the regulator's data-quality list.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenEts.Registry;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class MrvApiTests
{
    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity owning F-A),
    // beta (another covered entity), ivy (investor), vera (verifier assigned to F-A's reports),
    // walt (a verifier assigned to nothing), anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "beta", "ivy", "vera", "walt", "anonymous"];

    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("GET /api/mrv/facilities", "AAAAAAAAU"),
        ("GET /api/mrv/reports", "AAAAAAAAU"),
        ("GET /api/mrv/reports/F-A/2022", "AAHAHHAHU"),
        ("GET /api/mrv/quality", "ADDDDDDDU"),
        ("POST /api/mrv/calculations", "AAAAAAAAU"),
        ("POST /api/mrv/facilities", "ADDDDDDDU"),
        ("POST /api/mrv/facilities/F-A/deposits", "DDDADDDDU"),
        ("POST /api/mrv/facilities/F-A/reports", "DDDADDDDU"),
        ("POST /api/mrv/reports/F-A/2021/verifier", "ADDDDDDDU"),
        ("POST /api/mrv/reports/F-A/2022/verification", "DDDDDDADU"),
        ("POST /api/mrv/reports/F-A/2023/final", "ADDDDDDDU"),
    ];

    // 1,000,000 t coal at NCV 20.9, default CC and OF: 2,340,496.95; + 5,000 MWh × 0.5703 = 2,851.5; + 2.5 t CH4 × 28 = 70 → 2,343,418 t.
    private static object Calc(int year) => new
    {
        sector = "power",
        year,
        gwp = "AR5",
        fuels = new[] { new { fuel = "bituminous_coal", consumption = 1_000_000, unit = "t", ncv_gj_per_unit = 20.9m, carbon_content_tc_per_gj = (decimal?)null, oxidation = (decimal?)null } },
        purchased_electricity_mwh = 5000,
        purchased_heat_gj = 0,
        other_gases = new[] { new { gas = "CH4", tonnes = 2.5m } },
    };

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/mrv/calculations" => Calc(2024),
        "POST /api/mrv/facilities" => new { facility_id = $"F-{who}", entity_id = "acme", sector = "power", province = "hebei" },
        "POST /api/mrv/facilities/F-A/deposits" => new { year = 2025, month = 1, emissions_tco2e = 1000.5m },
        "POST /api/mrv/facilities/F-A/reports" => new { year = 2024, reported_tco2e = 1000 },
        "POST /api/mrv/reports/F-A/2021/verifier" => new { verifier_id = "vera" },
        "POST /api/mrv/reports/F-A/2022/verification" => new { adjustments = Array.Empty<object>(), statement = "Reasonable assurance." },
        _ => null,
    };

    private sealed class Market(ServerUnderTest server, Dictionary<string, string> extraKeys) : IAsyncDisposable
    {
        public ServerUnderTest Server { get; } = server;

        public HttpClient As(string who)
        {
            if (who == "anonymous")
                return Server.Anonymous();
            if (!extraKeys.TryGetValue(who, out var key))
                return Server.As(who);
            var client = Server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    /// <summary>The seeded server plus beta and walt, facility F-A of acme, and its reports of 2021 (submitted), 2022 (under verification by vera) and 2023 (verified).</summary>
    private static async Task<Market> StartAsync()
    {
        var server = await ServerUnderTest.StartAsync(new SqliteSource());
        var keys = new Dictionary<string, string>();
        foreach (var (name, role) in new[] { ("beta", Role.CoveredEntity), ("walt", Role.Verifier) })
        {
            var (key, rejection) = await server.Market.AddApiKeyAsync(name, role);
            Assert.Null(rejection);
            keys[name] = key!;
        }
        var m = new Market(server, keys);
        using var regulator = m.As("regulator");
        using var acme = m.As("acme");
        using var vera = m.As("vera");
        await Ok(regulator.PostAsJsonAsync("/api/mrv/facilities", new { facility_id = "F-A", entity_id = "acme", sector = "power", province = "hebei" }));
        foreach (var year in new[] { 2021, 2022, 2023 })
            await Ok(acme.PostAsJsonAsync("/api/mrv/facilities/F-A/reports", new { year, reported_tco2e = 100_000 + year }));
        foreach (var year in new[] { 2022, 2023 })
            await Ok(regulator.PostAsJsonAsync($"/api/mrv/reports/F-A/{year}/verifier", new { verifier_id = "vera" }));
        await Ok(vera.PostAsJsonAsync("/api/mrv/reports/F-A/2023/verification", new { adjustments = Array.Empty<object>(), statement = "Reasonable assurance." }));
        return m;
    }

    [Fact]
    public async Task Every_mrv_endpoint_answers_every_role_as_the_table_says()
    {
        await using var m = await StartAsync();
        await PermissionTable.AssertAsync(Table, Columns, m.As, Body, new Dictionary<HttpStatusCode, char> { [HttpStatusCode.NotFound] = 'H' });
    }

    [Fact]
    public async Task A_report_goes_from_calculation_to_final_and_each_identity_sees_its_share()
    {
        await using var m = await StartAsync();
        using var regulator = m.As("regulator");
        using var acme = m.As("acme");
        using var vera = m.As("vera");
        using var walt = m.As("walt");
        using var registry = m.As("registry");

        var submitted = await Ok(acme.PostAsJsonAsync("/api/mrv/facilities/F-A/reports", new { calculation = Calc(2024) }));
        var e = submitted.GetProperty("events")[0];
        Assert.Equal("mrv.annual_report_submitted", e.GetProperty("$type").GetString());
        // The 2024 power allowances cover direct emissions only: 2,343,418 t in all, less the 2,851.5 t of purchased electricity.
        Assert.Equal(2_340_567, e.GetProperty("reported_tco2e").GetInt64());
        await Ok(regulator.PostAsJsonAsync("/api/mrv/reports/F-A/2024/verifier", new { verifier_id = "walt" }));
        using (var wrong = await vera.PostAsJsonAsync("/api/mrv/reports/F-A/2024/verification", new { adjustments = Array.Empty<object>(), statement = "ok" }))
            await ApiSuite.AssertProblem(wrong, HttpStatusCode.Forbidden, "not_assigned_verifier");
        await Ok(walt.PostAsJsonAsync("/api/mrv/reports/F-A/2024/verification", new
        {
            adjustments = new[] { new { reason = "coal weighbridge error", delta_tco2e = -1200L } },
            statement = "Reasonable assurance; one adjustment.",
        }));
        await Ok(regulator.PostAsync("/api/mrv/reports/F-A/2024/final", null));
        var report = await Ok(acme.GetAsync("/api/mrv/reports/F-A/2024"));
        Assert.Equal("final", report.GetProperty("status").GetString());
        Assert.Equal(2_339_367, report.GetProperty("verified_tco2e").GetInt64()); // 2,340,567 − 1,200

        static async Task<string[]> Seen(HttpClient c, string query = "") =>
            [.. (await Ok(c.GetAsync("/api/mrv/reports" + query))).EnumerateArray().Select(r => $"{r.GetProperty("facility_id").GetString()}/{r.GetProperty("year").GetInt32()}")];
        Assert.Equal(["F-A/2021", "F-A/2022", "F-A/2023", "F-A/2024"], await Seen(regulator));
        Assert.Equal(["F-A/2021", "F-A/2022", "F-A/2023", "F-A/2024"], await Seen(registry));
        Assert.Equal(["F-A/2021", "F-A/2022", "F-A/2023", "F-A/2024"], await Seen(acme));
        Assert.Equal(["F-A/2022", "F-A/2023"], await Seen(vera));
        Assert.Equal(["F-A/2024"], await Seen(walt));
        Assert.Equal(["F-A/2024"], await Seen(regulator, "?status=final"));
        Assert.Equal(["F-A/2022"], await Seen(vera, "?year=2022"));
        using (var hidden = await walt.GetAsync("/api/mrv/reports/F-A/2022"))
            await ApiSuite.AssertProblem(hidden, HttpStatusCode.NotFound, "report_not_found");
        using (var badStatus = await regulator.GetAsync("/api/mrv/reports?status=done"))
            await ApiSuite.AssertProblem(badStatus, HttpStatusCode.BadRequest, "bad_status");

        // The regulator's list: F-A/2024 declared two defaults (−3 each), has no deposits (12 × −5) and came after
        // its deadline of 31 March 2025 (the server's clock is real; −5): 100 − 71 = 29.
        var quality = await Ok(regulator.GetAsync("/api/mrv/quality?year=2024"));
        var q = Assert.Single(quality.EnumerateArray());
        Assert.Equal(29, q.GetProperty("score").GetInt32());
        Assert.Contains("late_report", q.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        Assert.Equal(2, q.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("code").GetString() == "default_used"));
        using (var notRegulator = await registry.GetAsync("/api/mrv/quality"))
            await ApiSuite.AssertProblem(notRegulator, HttpStatusCode.Forbidden, "not_authorized");
    }

    [Fact]
    public async Task Bad_reports_get_problem_details_and_change_nothing()
    {
        await using var m = await StartAsync();
        using var acme = m.As("acme");
        using var beta = m.As("beta");
        var seq = await m.Server.JournalSeqAsync();
        async Task Expect(HttpClient c, object body, HttpStatusCode status, string code)
        {
            using var response = await c.PostAsJsonAsync("/api/mrv/facilities/F-A/reports", body);
            await ApiSuite.AssertProblem(response, status, code);
        }

        await Expect(acme, new { calculation = new { sector = "power", year = 2024, fuels = new[] { new { fuel = "wood", consumption = 5 } } } }, HttpStatusCode.UnprocessableEntity, "unknown_fuel");
        await Expect(acme, new { calculation = new { sector = "power", year = 2024, fuels = new[] { new { fuel = "bituminous_coal", consumption = -5 } } } }, HttpStatusCode.UnprocessableEntity, "negative_consumption");
        await Expect(acme, new { calculation = new { sector = "power", fuels = Array.Empty<object>() } }, HttpStatusCode.UnprocessableEntity, "missing_year");
        await Expect(acme, new { year = 2024 }, HttpStatusCode.BadRequest, "missing_field");
        await Expect(acme, new { year = 2024, reported_tco2e = 5, calculation = Calc(2024) }, HttpStatusCode.UnprocessableEntity, "conflicting_fields");
        Assert.Equal(seq, await m.Server.JournalSeqAsync()); // refused before the engine: nothing journaled

        await Expect(beta, new { year = 2024, reported_tco2e = 5 }, HttpStatusCode.Forbidden, "not_facility_owner");
        await Expect(acme, new { year = 2024, reported_tco2e = -5 }, HttpStatusCode.UnprocessableEntity, "negative_emissions");
        using (var none = await acme.PostAsJsonAsync("/api/mrv/facilities/F-NONE/reports", new { year = 2024, reported_tco2e = 5 }))
            await ApiSuite.AssertProblem(none, HttpStatusCode.NotFound, "unknown_facility");
        using var regulator = m.As("regulator");
        var reports = await Ok(regulator.GetAsync("/api/mrv/reports?year=2024"));
        Assert.Equal(0, reports.GetArrayLength());
    }
}
