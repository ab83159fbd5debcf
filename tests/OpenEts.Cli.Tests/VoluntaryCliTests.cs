// The voluntary market on the real CLI and a temp SQLite database: methodologies, calculators, a project
// through the engine to issued credits in the owner's registry account and a retirement, a refused double
// retirement that changes nothing, the public CSV, and the import of other registries with its guard.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class VoluntaryCliTests
{
    private const string Hash = "1111111111111111111111111111111111111111111111111111111111111111";

    private static CliResult Ok(string dir, params string[] args)
    {
        var r = CliRunner.Run(args, dir);
        Assert.True(r.ExitCode == 0, $"openets {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public void Methodologies_lists_the_six_published_codes()
    {
        var r = Ok(CliRunner.TempDir(), "ccer", "methodologies", "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var codes = doc.RootElement.GetProperty("methodologies").EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToList();
        Assert.Equal(["CCER-01-001-V01", "CCER-01-002-V01", "CCER-03-001-V01", "CCER-10-001-V01", "CCER-14-001-V01", "CCER-14-002-V01"], codes);
    }

    [Fact]
    public void Calc_prints_total_tco2e_and_the_working()
    {
        // Offshore wind, east grid: EF_CM = 0.75 × 0.7921 + 0.25 × 0.3870 = 0.690825; 100,000 MWh → 69,082.5 → 69,082 t.
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "wind.json"), """{"grid_region":"east","net_electricity_supplied_mwh":100000}""");
        var r = Ok(dir, "ccer", "calc", "--methodology", "CCER-01-002-V01", "--input", "wind.json", "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(69082, doc.RootElement.GetProperty("total_tco2e").GetInt64());
        Assert.Equal(69082.5m, doc.RootElement.GetProperty("unrounded_tco2e").GetDecimal());
        Assert.Contains(doc.RootElement.GetProperty("working").EnumerateArray(), s => s.GetProperty("value").GetDecimal() == 0.690825m);
    }

    [Fact]
    public void Calc_with_a_missing_input_exits_2_with_its_code()
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "wind.json"), """{"grid_region":"east"}""");
        var r = CliRunner.Run(["ccer", "calc", "--methodology", "CCER-01-002-V01", "--input", "wind.json"], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("missing_input", r.Stderr);
    }

    /// <summary>A market on a temp SQLite db with the identities of a project's life: owner-a (with account OWNER-A), VVB1, VER1, buyer-b (BUYER-B).</summary>
    private static string MarketWithPeople()
    {
        var dir = CliRunner.TempDir();
        Ok(dir, "init", "--db", "m.db");
        foreach (var (who, role) in new[] { ("owner-a", "project_owner"), ("VVB1", "validation_body"), ("VER1", "verifier"), ("buyer-b", "investor") })
            Ok(dir, "--db", "m.db", "user", "key", who, "--role", role);
        Ok(dir, "--db", "m.db", "account", "open", "OWNER-A", "--holder", "owner-a", "--kind", "project_owner");
        Ok(dir, "--db", "m.db", "account", "open", "BUYER-B", "--holder", "buyer-b", "--kind", "investor");
        return dir;
    }

    private static void Issued(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "pdd.txt"), "project design document");
        Ok(dir, "--db", "m.db", "ccer", "accredit", "--body", "VVB1", "--name", "CQC", "--at", "2025-09-01");
        Ok(dir, "--db", "m.db", "ccer", "accredit", "--body", "VER1", "--name", "CCSC", "--at", "2025-09-01");
        Ok(dir, "--db", "m.db", "ccer", "project", "draft", "--as", "owner-a", "--id", "P0001", "--name", "Rudong offshore wind", "--account", "OWNER-A",
            "--methodology", "CCER-01-002-V01", "--province", "Jiangsu", "--construction-start", "2021-03-01", "--crediting-start", "2022-01-01",
            "--crediting-end", "2031-12-31", "--pdd", "pdd.txt", "--at", "2025-09-01");
        var notBody = CliRunner.Run(["--db", "m.db", "ccer", "project", "validate", "--as", "VER1", "--id", "P0001", "--sha256", Hash, "--at", "2025-09-10"], dir);
        Assert.Equal(1, notBody.ExitCode);
        Assert.StartsWith("not_authorized", notBody.Stderr);
        Ok(dir, "--db", "m.db", "ccer", "project", "validate", "--as", "VVB1", "--id", "P0001", "--sha256", Hash, "--at", "2025-09-10");
        Ok(dir, "--db", "m.db", "ccer", "project", "comment", "--as", "owner-a", "--id", "P0001", "--at", "2025-09-15");
        var early = CliRunner.Run(["--db", "m.db", "ccer", "project", "register", "--id", "P0001", "--at", "2025-10-17"], dir);
        Assert.Equal(1, early.ExitCode);
        Assert.StartsWith("public_comment_open", early.Stderr);
        Ok(dir, "--db", "m.db", "ccer", "project", "register", "--id", "P0001", "--at", "2025-10-18");
        Ok(dir, "--db", "m.db", "ccer", "issuance", "report", "--as", "owner-a", "--id", "R1", "--project", "P0001", "--from", "2025-01-01", "--to", "2025-12-31",
            "--claimed", "69082", "--sha256", Hash, "--at", "2026-02-10");
        Ok(dir, "--db", "m.db", "ccer", "issuance", "verify", "--as", "VER1", "--id", "R1", "--verified", "69082", "--sha256", Hash, "--at", "2026-02-11");
        Ok(dir, "--db", "m.db", "ccer", "issuance", "publish", "--as", "owner-a", "--id", "R1", "--at", "2026-02-12");
        Ok(dir, "--db", "m.db", "ccer", "issuance", "issue", "--id", "R1", "--at", "2026-03-19");
    }

    [Fact]
    public void A_project_goes_through_the_engine_to_issued_credits_in_the_owners_registry_account_and_a_retirement()
    {
        var dir = MarketWithPeople();
        Issued(dir);
        // The credits are registry units: the class of the project's vintage, in the owner's account.
        using (var balance = JsonDocument.Parse(Ok(dir, "--db", "m.db", "--json", "balance", "OWNER-A").Stdout))
            Assert.Contains("69082", balance.RootElement.GetRawText(), StringComparison.Ordinal);
        Ok(dir, "--db", "m.db", "ccer", "transfer", "--as", "owner-a", "--from", "OWNER-A", "--to", "BUYER-B", "--project", "P0001", "--vintage", "2025",
            "--quantity", "2000", "--at", "2026-03-30");
        Ok(dir, "--db", "m.db", "ccer", "retire", "--as", "owner-a", "--id", "T1", "--account", "OWNER-A", "--project", "P0001", "--vintage", "2025", "--quantity", "1000",
            "--beneficiary", "Acme, Ltd", "--purpose", "2025 travel", "--at", "2026-04-01");
        var csv = Ok(dir, "--db", "m.db", "ccer", "registry", "--csv").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, csv.Length);
        Assert.Equal("P0001,Rudong offshore wind,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-1-2000,1,2000,2000,held,2026-03-19,,,", csv[1]);
        Assert.Equal("P0001,Rudong offshore wind,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-2001-3000,2001,3000,1000,retired,2026-03-19,2026-04-01,\"Acme, Ltd\",2025 travel", csv[2]);
        Assert.StartsWith("P0001,Rudong offshore wind,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-3001-69082,3001,69082,66082,held,", csv[3]);
        using var list = JsonDocument.Parse(Ok(dir, "--db", "m.db", "--json", "ccer", "issuance", "list").Stdout);
        Assert.Equal("CCER-P0001-2025", list.RootElement.GetProperty("issuances")[0].GetProperty("class_id").GetString());
        Assert.Equal("T1", list.RootElement.GetProperty("uses")[0].GetProperty("use_id").GetString());
        Assert.Equal(0, CliRunner.Run(["--db", "m.db", "verify"], dir).ExitCode);
    }

    [Fact]
    public void A_double_retirement_is_refused_with_exit_1_and_nothing_changes()
    {
        var dir = MarketWithPeople();
        Issued(dir);
        Ok(dir, "--db", "m.db", "ccer", "retire", "--as", "owner-a", "--id", "T1", "--account", "OWNER-A", "--project", "P0001", "--vintage", "2025", "--quantity", "69000",
            "--beneficiary", "Acme", "--purpose", "most of it", "--at", "2026-04-01");
        var before = (Ok(dir, "--db", "m.db", "ccer", "registry", "--csv").Stdout, Ok(dir, "--db", "m.db", "--json", "ccer", "issuance", "list").Stdout,
            Ok(dir, "--db", "m.db", "--json", "balance", "OWNER-A").Stdout);
        var again = CliRunner.Run(["--db", "m.db", "ccer", "retire", "--as", "owner-a", "--id", "T1", "--account", "OWNER-A", "--project", "P0001", "--vintage", "2025",
            "--quantity", "1", "--beneficiary", "Acme", "--purpose", "twice", "--at", "2026-04-02"], dir);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("record_exists", again.Stderr);
        // 82 t are left: the retired 69,000 t can never be retired again.
        var spent = CliRunner.Run(["--db", "m.db", "ccer", "retire", "--as", "owner-a", "--id", "T2", "--account", "OWNER-A", "--project", "P0001", "--vintage", "2025",
            "--quantity", "83", "--beneficiary", "Acme", "--purpose", "twice", "--at", "2026-04-02"], dir);
        Assert.Equal(1, spent.ExitCode);
        Assert.StartsWith("insufficient_units", spent.Stderr);
        var other = CliRunner.Run(["--db", "m.db", "ccer", "retire", "--as", "buyer-b", "--id", "T3", "--account", "OWNER-A", "--project", "P0001", "--vintage", "2025",
            "--quantity", "1", "--beneficiary", "Acme", "--purpose", "not mine", "--at", "2026-04-02"], dir);
        Assert.Equal(1, other.ExitCode);
        Assert.StartsWith("not_authorized", other.Stderr);
        var after = (Ok(dir, "--db", "m.db", "ccer", "registry", "--csv").Stdout, Ok(dir, "--db", "m.db", "--json", "ccer", "issuance", "list").Stdout,
            Ok(dir, "--db", "m.db", "--json", "balance", "OWNER-A").Stdout);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Importing_verra_and_gold_standard_blocks_registering_their_projects_here()
    {
        var dir = MarketWithPeople();
        var data = Path.Combine(CliRunner.SharedData(), "offsets-db");
        var r = Ok(dir, "--db", "m.db", "ccer", "import", "--verra-transactions", Path.Combine(data, "verra-transactions.csv"),
            "--gold-standard", Path.Combine(data, "gold-standard-issuances.csv"), "--gold-standard", Path.Combine(data, "gold-standard-retirements.csv"), "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var imports = doc.RootElement.GetProperty("imports").EnumerateArray().ToList();
        Assert.Equal([200, 100, 100], imports.Select(i => i.GetProperty("records").GetInt32()));
        Assert.Equal(3, imports[1].GetProperty("serial_forms").GetProperty("gs_range_form").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("problems").EnumerateArray());
        var dup = CliRunner.Run(["--db", "m.db", "ccer", "project", "draft", "--as", "owner-a", "--id", "P0002", "--name", "Tongxu Biogas Recovery and Utilization Project", "--account", "OWNER-A",
            "--methodology", "CCER-01-002-V01", "--province", "Henan", "--construction-start", "2021-03-01", "--crediting-start", "2022-01-01",
            "--crediting-end", "2031-12-31", "--sha256", Hash, "--at", "2026-04-01"], dir);
        Assert.Equal(1, dup.ExitCode);
        Assert.StartsWith("registered_in_other_registry", dup.Stderr);
    }
}
