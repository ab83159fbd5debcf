// The voluntary market on the real CLI: methodologies, calculators, the project-to-retirement flow, the
// public registry export and the import of other registries with its double-issuance guard.
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

    [Fact]
    public void A_project_goes_from_draft_to_retired_credits_in_the_public_csv()
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "pdd.txt"), "project design document");
        Ok(dir, "ccer", "accredit", "--body", "VVB1", "--name", "CQC", "--at", "2025-09-01");
        Ok(dir, "ccer", "project", "draft", "--id", "P0001", "--name", "Rudong offshore wind", "--owner", "owner-a", "--methodology", "CCER-01-002-V01",
            "--province", "Jiangsu", "--construction-start", "2021-03-01", "--crediting-start", "2022-01-01", "--crediting-end", "2031-12-31", "--pdd", "pdd.txt", "--at", "2025-09-01");
        Ok(dir, "ccer", "project", "validate", "--id", "P0001", "--body", "VVB1", "--sha256", Hash, "--at", "2025-09-10");
        Ok(dir, "ccer", "project", "comment", "--id", "P0001", "--at", "2025-09-15");
        var early = CliRunner.Run(["ccer", "project", "register", "--id", "P0001", "--at", "2025-10-17"], dir);
        Assert.Equal(1, early.ExitCode);
        Assert.StartsWith("public_comment_open", early.Stderr);
        Ok(dir, "ccer", "project", "register", "--id", "P0001", "--at", "2025-10-18");
        Ok(dir, "ccer", "issuance", "report", "--id", "R1", "--project", "P0001", "--from", "2025-01-01", "--to", "2025-12-31", "--claimed", "69082", "--sha256", Hash, "--at", "2026-02-10");
        Ok(dir, "ccer", "issuance", "verify", "--id", "R1", "--body", "VVB1", "--verified", "69082", "--sha256", Hash, "--at", "2026-02-11");
        Ok(dir, "ccer", "issuance", "publish", "--id", "R1", "--at", "2026-02-12");
        Ok(dir, "ccer", "issuance", "issue", "--id", "R1", "--at", "2026-03-19");
        Ok(dir, "ccer", "retire", "--id", "T1", "--holder", "owner-a", "--project", "P0001", "--vintage", "2025", "--quantity", "1000",
            "--beneficiary", "Acme, Ltd", "--purpose", "2025 travel", "--at", "2026-04-01");
        var again = CliRunner.Run(["ccer", "retire", "--id", "T2", "--holder", "owner-a", "--project", "P0001", "--vintage", "2025", "--quantity", "68083",
            "--beneficiary", "Acme", "--purpose", "more than is left", "--at", "2026-04-02"], dir);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("insufficient_credits", again.Stderr);
        var csv = Ok(dir, "ccer", "registry", "--csv").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, csv.Length);
        Assert.Equal("P0001,Rudong offshore wind,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-1-1000,1,1000,1000,retired,2026-03-19,2026-04-01,\"Acme, Ltd\",2025 travel", csv[1]);
        Assert.StartsWith("P0001,Rudong offshore wind,CCER-01-002-V01,Jiangsu,2025,CCER-P0001-2025-1001-69082,1001,69082,68082,held,", csv[2]);
    }

    [Fact]
    public void Importing_verra_and_gold_standard_blocks_registering_their_projects_here()
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(CliRunner.SharedData(), "offsets-db");
        var r = Ok(dir, "ccer", "import", "--verra-transactions", Path.Combine(data, "verra-transactions.csv"),
            "--gold-standard", Path.Combine(data, "gold-standard-issuances.csv"), "--gold-standard", Path.Combine(data, "gold-standard-retirements.csv"), "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var imports = doc.RootElement.GetProperty("imports").EnumerateArray().ToList();
        Assert.Equal([200, 100, 100], imports.Select(i => i.GetProperty("records").GetInt32()));
        Assert.Equal(3, imports[1].GetProperty("serial_forms").GetProperty("gs_range_form").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("problems").EnumerateArray());
        var dup = CliRunner.Run(["ccer", "project", "draft", "--id", "P0002", "--name", "Tongxu Biogas Recovery and Utilization Project", "--owner", "o",
            "--methodology", "CCER-01-002-V01", "--province", "Henan", "--construction-start", "2021-03-01", "--crediting-start", "2022-01-01",
            "--crediting-end", "2031-12-31", "--sha256", Hash, "--at", "2026-04-01"], dir);
        Assert.Equal(1, dup.ExitCode);
        Assert.StartsWith("registered_in_other_registry", dup.Stderr);
    }
}
