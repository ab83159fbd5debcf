// allocate --issue and compliance run through the real openets binary on a temporary SQLite database.
// MRV reports are filed in-process through the engine (the CLI has no filing command), then the binary runs.
using System.Text.Json;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;

namespace OpenEts.Cli.Tests;

public class ComplianceRunCliTests
{
    private const string Header = "unit_id,entity,fuel,category,cooling,supplied_mwh,supplied_heat_gj,heat_supply_ratio,load_rate";

    // Under cn-power-2022: ENT-A's 600 MW unit 2,850,000 MWh × 0.8177 × 1.0102 (load 0.78) = 2,354,216 t;
    // ENT-B: U300 (air, F_r 0.934, heat 2,000,000 GJ × 0.1105) 1,248,264 t and G1 (gas) 302,006 t = 1,550,270 t.
    private const string Units = Header + "\n" +
        "U600,ENT-A,coal,coal_gt300,water,2850000,0,0,0.78\n" +
        "U300,ENT-B,coal,coal_le300,air,1200000,2000000,0.30,0.70\n" +
        "G1,ENT-B,gas,gas,water,800000,1500000,0.5,0.6\n";

    internal static JsonElement Json(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    internal static long LastSeq(string dir) => Json(CliRunner.Run(["verify", "--db", "m.db", "--json"], dir)).GetProperty("last_seq").GetInt64();

    internal static long Held(string dir, string account, string cls) =>
        Json(CliRunner.Run(["balance", account, "--class", cls, "--db", "m.db", "--json"], dir)).GetProperty("balances").EnumerateArray()
            .Select(b => b.GetProperty("held").GetInt64()).SingleOrDefault();

    private static string Market()
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "units.csv"), Units);
        Json(CliRunner.Run(["init", "--db", "m.db", "--json"], dir));
        return dir;
    }

    [Fact]
    public void Allocate_issue_puts_each_units_allocation_in_its_entity_account_and_a_rerun_issues_nothing_twice()
    {
        var dir = Market();
        var first = Json(CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--as", "regulator", "--db", "m.db", "--json"], dir));
        Assert.Equal(3, first.GetProperty("issued_now_units").GetInt32());
        Assert.Equal(3_904_486L, first.GetProperty("issued_now_t").GetInt64());
        Assert.Equal(2_354_216L, Held(dir, "ENT-A", "CEA22"));
        Assert.Equal(1_550_270L, Held(dir, "ENT-B", "CEA22"));
        var head = LastSeq(dir);

        var again = Json(CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--db", "m.db", "--json"], dir));
        Assert.Equal(0, again.GetProperty("issued_now_units").GetInt32());
        Assert.Equal(3, again.GetProperty("already_issued_units").GetInt32());
        Assert.Equal(head, LastSeq(dir));
        Assert.Equal(1_550_270L, Held(dir, "ENT-B", "CEA22"));

        // The same unit with another figure is the same command id with other content: refused, nothing issued.
        File.WriteAllText(Path.Combine(dir, "changed.csv"), Units.Replace("2850000", "2900000", StringComparison.Ordinal));
        var changed = CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "changed.csv", "--issue", "--db", "m.db", "--json"], dir);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("command_id_reused", changed.Stderr + changed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2_354_216L, Held(dir, "ENT-A", "CEA22"));
    }

    [Fact]
    public void Allocate_issue_reserve_under_a_markets_own_plan_file_sets_aside_five_percent_once()
    {
        var dir = Market();
        // The 2022 national plan as a pilot market's own file, with a 5% reserve share.
        var plan = System.Text.Json.Nodes.JsonNode.Parse(OpenEts.Allocation.Plans.Rulebooks.BundledJson("cn-power-2022"))!.AsObject();
        plan["id"] = "pilot-power-2022";
        plan["reserve"]!["share"]!["value"] = 0.05m;
        File.WriteAllText(Path.Combine(dir, "pilot.json"), plan.ToJsonString());
        string[] args = ["allocate", "--plan", "pilot.json", "--units", "units.csv", "--issue", "--reserve", "--db", "m.db", "--json"];

        var first = Json(CliRunner.Run(args, dir));
        Assert.Equal("pilot-power-2022", first.GetProperty("plan").GetString());
        var reserve = first.GetProperty("reserve");
        // 5% of the 3,904,486 t allocated, rounded down.
        Assert.Equal((3_904_486L, 195_224L, "set_aside"), (reserve.GetProperty("cap_t").GetInt64(), reserve.GetProperty("reserve_t").GetInt64(), reserve.GetProperty("status").GetString()));
        Assert.Equal(195_224L, Held(dir, "cn-RESERVE", "CEA22"));
        var head = LastSeq(dir);
        Assert.True(head > 0);

        // Another process, without the plan file: the journal carries the plan the year was opened with.
        var run = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2023-06-01T02:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal("pilot-power-2022", run.GetProperty("plan").GetString());
        head = LastSeq(dir);

        var again = Json(CliRunner.Run(args, dir));
        Assert.Equal("already_set_aside", again.GetProperty("reserve").GetProperty("status").GetString());
        Assert.Equal(head, LastSeq(dir));
        Assert.Equal(195_224L, Held(dir, "cn-RESERVE", "CEA22"));

        // The national plan sets no reserve share: the units are issued, the reserve is refused.
        var national = Market();
        var refused = CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--reserve", "--db", "m.db"], national);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("no_reserve_share", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, Held(national, "cn-RESERVE", "CEA22"));
        var missing = CliRunner.Run(["allocate", "--plan", "nowhere.json", "--units", "units.csv"], national);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_issue_by_a_non_regulator_is_refused()
    {
        var dir = Market();
        var r = CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--as", "registry", "--db", "m.db"], dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not_authorized", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, Held(dir, "ENT-A", "CEA22"));
    }

    [Fact]
    public async Task Compliance_run_sets_obligations_from_MRV_surrenders_from_holdings_and_closes_after_the_deadline()
    {
        var dir = Market();
        Json(CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--db", "m.db", "--json"], dir));
        await FileReportsAndCcer(Path.Combine(dir, "m.db"));

        // Before the deadline: ENT-A owes 2,600,000 t and surrenders 130,000 t CCER (5%) and its 2,354,216 t;
        // ENT-B owes 1,400,000 t and surrenders that, banking 150,270 t.
        var open = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2023-11-01T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.False(open.GetProperty("closed").GetBoolean());
        Assert.Equal(2, open.GetProperty("obligations_set_now").GetInt32());
        var a = open.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "ENT-A");
        Assert.Equal(2_600_000L, a.GetProperty("obligation_t").GetInt64());
        Assert.Equal(130_000L, a.GetProperty("ccer_surrendered_t").GetInt64());
        Assert.Equal(2_354_216L, a.GetProperty("allowances_surrendered_t").GetInt64());
        Assert.Equal("open", a.GetProperty("status").GetString());
        Assert.Equal(150_270L, Held(dir, "ENT-B", "CEA22"));
        Assert.Equal(70_000L, Held(dir, "ENT-A", "CCER-TEST-0001-2022"));

        var head = LastSeq(dir);
        var again = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2023-11-01T09:00:00Z", "--db", "m.db", "--json"], dir));
        Assert.Equal(0, again.GetProperty("surrenders_now").GetInt32());
        Assert.Equal(head, LastSeq(dir));

        // After 31 Dec 2023: closed; ENT-A is short 115,784 t (fine 20,000–30,000 yuan before May 2024, deducted next year).
        var closed = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2024-01-02T09:00:00Z", "--price-yuan", "60",
            "--csv", "r.csv", "--db", "m.db", "--json"], dir));
        Assert.True(closed.GetProperty("closed").GetBoolean());
        a = closed.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "ENT-A");
        Assert.Equal(("partly", 115_784L, 115_784L), (a.GetProperty("status").GetString(), a.GetProperty("shortfall_t").GetInt64(), a.GetProperty("next_allocation_deduction_t").GetInt64()));
        Assert.Equal((20_000m, 30_000m), (a.GetProperty("penalty_min_yuan").GetDecimal(), a.GetProperty("penalty_max_yuan").GetDecimal()));
        Assert.Equal(0.5m, closed.GetProperty("compliance_rate").GetDecimal());
        Assert.Equal(0.9711m, closed.GetProperty("compliance_rate_by_tonnes").GetDecimal()); // 3,884,216 / 4,000,000
        var csv = File.ReadAllLines(Path.Combine(dir, "r.csv"));
        Assert.Contains("2022,ENT-B,power,unspecified,1550270,1550270,1400000,1400000,1400000,0,0,0,compliant,0.00,0.00,0", csv);
        Assert.True(Json(CliRunner.Run(["verify", "--db", "m.db", "--json"], dir)).GetProperty("sound").GetBoolean());
    }

    [Fact]
    public async Task Compliance_run_with_borrow_borrows_the_missing_tonnes_from_CEA23_within_half_the_gap()
    {
        var dir = Market();
        Json(CliRunner.Run(["allocate", "--plan", "cn-power-2022", "--units", "units.csv", "--issue", "--db", "m.db", "--json"], dir));
        await FileReportsAndCcer(Path.Combine(dir, "m.db"));

        // ENT-A: gap 2,600,000 − 2,354,216 = 245,784 t > 10% of its allocation, so it may borrow up to 122,892 t;
        // after CCER and its allowances it misses 115,784 t, which it borrows.
        var open = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2023-11-01T09:00:00Z", "--borrow", "--db", "m.db", "--json"], dir));
        var a = open.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "ENT-A");
        Assert.Equal((115_784L, 0L, 115_784L), (a.GetProperty("borrowed_t").GetInt64(), a.GetProperty("shortfall_t").GetInt64(), a.GetProperty("next_allocation_deduction_t").GetInt64()));
        Assert.Equal(115_784L, Held(dir, "cn-SURRENDER", "CEA23"));

        var closed = Json(CliRunner.Run(["compliance", "run", "--year", "2022", "--at", "2024-01-02T09:00:00Z", "--db", "m.db", "--json"], dir));
        a = closed.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "ENT-A");
        Assert.Equal("compliant", a.GetProperty("status").GetString());
        Assert.Equal(1m, closed.GetProperty("compliance_rate_by_tonnes").GetDecimal());
        Assert.True(Json(CliRunner.Run(["verify", "--db", "m.db", "--json"], dir)).GetProperty("sound").GetBoolean());
    }

    /// <summary>Files final verified 2022 reports (ENT-A 2,600,000 t, ENT-B 1,400,000 t) and gives ENT-A 200,000 t of CCER.</summary>
    private static async Task FileReportsAndCcer(string db)
    {
        await using var engine = Engine.Open(JournalFactory.Open(db), MarketHost.Catalog);
        var time = new DateTimeOffset(2023, 3, 1, 9, 0, 0, TimeSpan.Zero);
        Task<Outcome[]> Submit(IEnumerable<SetupStep> steps) =>
            Task.WhenAll(steps.Select(s => engine.SubmitAsync(new CommandEnvelope(s.CommandId, s.Actor, time, s.Command))).ToList());
        void Must(Outcome[] outcomes) => Assert.All(outcomes, o => Assert.True(o.Accepted, o.Rejection?.ToString()));
        Must(await Submit(await engine.QueryAsync(w => DemoReporting.Roles(w, ["ENT-A", "ENT-B"]))));
        foreach (var phase in DemoReporting.Filings([("ENT-A", "Shanxi", 2_600_000L), ("ENT-B", "Guangdong", 1_400_000L)], 2022))
            Must(await Submit(phase));
        Must(await Submit(
        [
            new("t:ccer:class", MarketSetup.Regulator, new DefineUnitClass("CCER-TEST-0001-2022", "cn", UnitType.Credit, 2022, "TEST-0001")),
            new("t:ccer:issue", MarketSetup.Regulator, new Issue("CCER-TEST-0001-2022", "cn-ISSUANCE", 200_000)),
            new("t:ccer:deliver", MarketSetup.Regulator, new Transfer("cn-ISSUANCE", "ENT-A", "CCER-TEST-0001-2022", 200_000)),
        ]));
    }
}
