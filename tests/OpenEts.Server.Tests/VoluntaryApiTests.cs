// The voluntary market over HTTP on a real server: public reads without a login (projects, issuances,
// retirements, credits and their CSV), and a permission table for every voluntary endpoint × role, in
// the pattern of the registry's matrix: A = allowed (2xx), D = denied (403), U = unauthenticated (401).
// The states each row needs (a draft, a validated project, a verified report…) are built through the
// engine beforehand at past market dates; the table's own calls run at the server's clock.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary;
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

/// <summary>The voluntary endpoints.</summary>
public sealed class VoluntaryApiTests
{
    // Columns: regulator, registry (operator), exchange (operator), acme (covered entity), ivy (investor),
    // vera (accredited verifier), vvb (accredited validation body), owner (project owner of OWNER-1), anonymous.
    private static readonly string[] Columns = ["regulator", "registry", "exchange", "acme", "ivy", "vera", "vvb", "owner", "anonymous"];

    private static readonly (string Endpoint, string Expected)[] Table =
    [
        ("GET /api/ccer/methodologies", "AAAAAAAAA"),
        ("GET /api/ccer/projects", "AAAAAAAAA"),
        ("GET /api/ccer/issuances", "AAAAAAAAA"),
        ("GET /api/ccer/retirements", "AAAAAAAAA"),
        ("GET /api/ccer/credits", "AAAAAAAAA"),
        ("GET /api/ccer/credits.csv", "AAAAAAAAA"),
        ("POST /api/ccer/bodies", "ADDDDDDDU"),
        ("POST /api/ccer/projects", "DDDDDDDAU"),
        ("POST /api/ccer/projects/PV/validate", "DDDDDDADU"),
        ("POST /api/ccer/projects/PC/comment", "DDDDDDDAU"),
        ("POST /api/ccer/projects/PR/register", "ADDDDDDDU"),
        ("POST /api/ccer/projects/PJ/reject", "ADDDDDDDU"),
        ("POST /api/ccer/reports", "DDDDDDDAU"),
        ("POST /api/ccer/reports/RV/verify", "DDDDDADDU"),
        ("POST /api/ccer/reports/RP/publish", "DDDDDDDAU"),
        ("POST /api/ccer/reports/RI/issue", "ADDDDDDDU"),
        ("POST /api/ccer/transfers", "DADDDDDAU"),
        ("POST /api/ccer/retirements", "DADDDDDAU"),
        ("POST /api/ccer/surrenders", "44444444U"),
        ("POST /api/ccer/cancellations", "DADDDDDAU"),
    ];

    private const string Hash = "2222222222222222222222222222222222222222222222222222222222222222";

    private static object? Body(string endpoint, string who) => endpoint switch
    {
        "POST /api/ccer/bodies" => new { body_id = "vvb2", name = "Second validation body" },
        "POST /api/ccer/projects" => Draft("PNEW", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"),
        "POST /api/ccer/projects/PV/validate" => new { report_sha256 = Hash },
        "POST /api/ccer/projects/PJ/reject" => new { reasons = new[] { "additionality not shown" } },
        "POST /api/ccer/reports" => Report("RNEW", 7),
        "POST /api/ccer/reports/RV/verify" => new { verified_t = 100, report_sha256 = Hash },
        "POST /api/ccer/transfers" => new { from = "OWNER-1", to = "IVY-1", project_id = "PX", vintage = 2025, quantity_t = 10 },
        "POST /api/ccer/retirements" => Retirement($"T-{who}", 10, "Matrix", "Test"),
        "POST /api/ccer/surrenders" => new { surrender_id = $"S-{who}", account = "OWNER-1", project_id = "PX", vintage = 2025, quantity_t = 10, compliance_year = 2025, allowances_due_t = 100_000 },
        "POST /api/ccer/cancellations" => new { cancellation_id = $"K-{who}", account = "OWNER-1", project_id = "PX", vintage = 2025, quantity_t = 10, reason = "Matrix test" },
        _ => null,
    };

    private static object Draft(string id, string pdd) => new
    {
        project_id = id,
        name = $"Offshore wind {id}",
        owner_account = "OWNER-1",
        methodology = "CCER-01-002-V01",
        province = "Jiangsu",
        construction_start = "2021-03-01",
        crediting_start = "2022-01-01",
        crediting_end = "2031-12-31",
        pdd_sha256 = pdd,
    };

    private static object Report(string id, int month) => new
    {
        report_id = id,
        project_id = "PX",
        period_start = $"2025-{month:D2}-01",
        period_end = $"2025-{month:D2}-28",
        claimed_t = 10_000,
        report_sha256 = Hash,
    };

    private static object Retirement(string id, long quantity, string beneficiary, string purpose) =>
        new { retirement_id = id, account = "OWNER-1", project_id = "PX", vintage = 2025, quantity_t = quantity, beneficiary, purpose };

    /// <summary>The server's clock: a fixed day after the prepared history, inside the bundled working-day calendar.</summary>
    private static readonly ServerOptions AfterSetup = new() { FourEyes = false, Clock = new FixedClock(At("2026-06-01")) };

    private static DateTimeOffset At(string date) => new(DateTime.Parse(date + "T10:00:00", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private sealed class Voluntary(ServerUnderTest server, Dictionary<string, string> keys)
    {
        private int _next;

        public HttpClient As(string who)
        {
            if (who == "anonymous")
                return server.Anonymous();
            if (!keys.TryGetValue(who, out var key))
                return server.As(who);
            var client = server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public async Task Must(string actor, string date, Command command)
        {
            var outcome = await server.Market.Engine.SubmitAsync(new CommandEnvelope($"setup-ccer-{++_next}", actor, At(date), command));
            Assert.True(outcome.Accepted, $"{command.GetType().Name}: {outcome.Rejection}");
        }
    }

    // Identities vvb, vvb2 (validation bodies) and owner (project owner with OWNER-1); vvb and vera accredited;
    // projects PV (draft), PC (validated), PR (comment over), PJ (draft), PX (registered) with reports RV
    // (submitted), RP (verified), RI (public, period over) and RC (10,000 t issued to OWNER-1).
    private static async Task<Voluntary> Prepare(ServerUnderTest s)
    {
        var keys = new Dictionary<string, string>();
        foreach (var (name, role) in new[] { ("vvb", Role.ValidationBody), ("vvb2", Role.ValidationBody), ("owner", Role.ProjectOwner) })
        {
            var (key, rejection) = await s.Market.AddApiKeyAsync(name, role);
            Assert.Null(rejection);
            keys[name] = key!;
        }
        var v = new Voluntary(s, keys);
        await v.Must(MarketSetup.RegistryOperator, "2025-01-02", new OpenAccount("OWNER-1", "cn", "owner", AccountKind.ProjectOwner));
        await v.Must(MarketSetup.Regulator, "2025-09-01", new AccreditBody("vvb", "China Quality Certification Centre"));
        await v.Must(MarketSetup.Regulator, "2025-09-01", new AccreditBody("vera", "China Classification Society Certification"));
        var n = 0;
        foreach (var id in new[] { "PV", "PC", "PR", "PJ", "PX" })
        {
            await v.Must("owner", "2025-09-01", new DraftProject(id, $"Offshore wind {id}", "OWNER-1", "CCER-01-002-V01", "Jiangsu",
                new DateOnly(2021, 3, 1), new DateOnly(2022, 1, 1), new DateOnly(2031, 12, 31), new string((char)('a' + n++), 64)));
        }
        foreach (var id in new[] { "PC", "PR", "PX" })
            await v.Must("vvb", "2025-09-10", new ValidateProject(id, Hash));
        foreach (var id in new[] { "PR", "PX" })
            await v.Must("owner", "2025-09-15", new OpenPublicComment(id));
        await v.Must(MarketSetup.Regulator, "2025-10-20", new RegisterProject("PX"));
        var month = 1;
        foreach (var id in new[] { "RV", "RP", "RI", "RC" })
        {
            var m = month++;
            await v.Must("owner", "2026-02-10", new SubmitMonitoringReport(id, "PX", new DateOnly(2025, m, 1), new DateOnly(2025, m, 28), 10_000, Hash));
        }
        foreach (var id in new[] { "RP", "RI", "RC" })
            await v.Must("vera", "2026-02-11", new VerifyMonitoringReport(id, 10_000, Hash));
        foreach (var id in new[] { "RI", "RC" })
            await v.Must("owner", "2026-02-12", new PublishVerifiedReport(id));
        await v.Must(MarketSetup.Regulator, "2026-03-19", new IssueCredits("RC"));
        return v;
    }

    [Fact]
    public async Task Every_voluntary_endpoint_answers_every_role_as_the_table_says()
    {
        await using var s = await StartAsync(new SqliteSource(), options: AfterSetup);
        var v = await Prepare(s);
        await PermissionTable.AssertAsync(Table, Columns, v.As, Body);
    }

    [Fact]
    public async Task Credit_issuance_takes_two_regulators_when_four_eyes_is_on()
    {
        await using var s = await StartAsync(new SqliteSource(), options: new ServerOptions { FourEyes = true, Clock = new FixedClock(At("2026-06-01")) });
        await VoluntaryMarket.PrepareAsync(s, issue: false);
        var (key, rejection) = await s.Market.AddApiKeyAsync("rita", Role.Regulator);
        Assert.Null(rejection);
        s.AddKey("rita", key!);
        using var regulator = s.As("regulator");
        using var rita = s.As("rita");

        using (var direct = await regulator.PostAsync("/api/ccer/reports/RC/issue", null))
            await ApiSuite.AssertProblem(direct, HttpStatusCode.Forbidden, "four_eyes_required");
        await Ok(regulator.PostAsJsonAsync("/api/proposals", new { kind = "voluntary.issue_credits", action = new { report_id = "RC" }, note = "RC verified and published" }));
        Assert.Equal((0, 0), await s.HoldingAsync("OWNER-1", "CCER-PX-2025"));
        using (var same = await regulator.PostAsync("/api/proposals/P-1/approve", null))
            await ApiSuite.AssertProblem(same, HttpStatusCode.Forbidden, "same_approver");
        await Ok(rita.PostAsync("/api/proposals/P-1/approve", null));
        Assert.Equal((10_000, 0), await s.HoldingAsync("OWNER-1", "CCER-PX-2025"));
    }

    [Fact]
    public async Task Issued_credits_are_registry_units_and_the_public_reads_show_the_retirement()
    {
        await using var s = await StartAsync(new SqliteSource(), options: AfterSetup);
        var v = await Prepare(s);
        Assert.Equal((10_000, 0), await s.HoldingAsync("OWNER-1", "CCER-PX-2025"));
        using (var owner = v.As("owner"))
        {
            var retired = await Ok(owner.PostAsJsonAsync("/api/ccer/retirements", Retirement("T1", 1_500, "Acme, Ltd", "2025 travel")));
            var kinds = retired.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("$type").GetString()).ToList();
            Assert.Equal(["registry.units_transferred", "registry.units_retired", "voluntary.credits_used"], kinds);
            using var again = await owner.PostAsJsonAsync("/api/ccer/retirements", Retirement("T1", 1, "Acme", "twice"));
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("record_exists", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal((8_500, 0), await s.HoldingAsync("OWNER-1", "CCER-PX-2025"));
        Assert.Equal((1_500, 0), await s.HoldingAsync("cn-RETIREMENT", "CCER-PX-2025"));
        using var anon = s.Anonymous();
        var retirements = await Ok(anon.GetAsync("/api/ccer/retirements"));
        var record = Assert.Single(retirements.EnumerateArray());
        Assert.Equal(("T1", "Acme, Ltd", 1_500L), (record.GetProperty("use_id").GetString(), record.GetProperty("beneficiary").GetString(), record.GetProperty("quantity_t").GetInt64()));
        var issuance = Assert.Single((await Ok(anon.GetAsync("/api/ccer/issuances"))).EnumerateArray());
        Assert.Equal(("RC", "CCER-PX-2025", 10_000L), (issuance.GetProperty("issuance_id").GetString(), issuance.GetProperty("class_id").GetString(), issuance.GetProperty("quantity_t").GetInt64()));
        var project = (await Ok(anon.GetAsync("/api/ccer/projects?search=PX"))).EnumerateArray().Single();
        Assert.Equal((10_000L, 1_500L, "registered"), (project.GetProperty("issued_t").GetInt64(), project.GetProperty("retired_t").GetInt64(), project.GetProperty("status").GetString()));
        using var csv = await anon.GetAsync("/api/ccer/credits.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("PX,Offshore wind PX,CCER-01-002-V01,Jiangsu,2025,CCER-PX-2025-1-1500,1,1500,1500,retired,2026-03-19,", lines[1]);
        Assert.EndsWith(",\"Acme, Ltd\",2025 travel", lines[1]);
        Assert.StartsWith("PX,Offshore wind PX,CCER-01-002-V01,Jiangsu,2025,CCER-PX-2025-1501-10000,1501,10000,8500,held,2026-03-19,", lines[2]);
    }
}
