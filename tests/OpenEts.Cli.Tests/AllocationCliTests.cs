// The allocation and compliance commands, run through the real openets binary.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public class AllocationCliTests
{
    private const string Header = "unit_id,entity,fuel,category,cooling,supplied_mwh,supplied_heat_gj,heat_supply_ratio,load_rate";

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Plans_lists_the_bundled_national_power_plans()
    {
        var r = CliRunner.Run(["plans", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var ids = doc.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["cn-power-2019-2020", "cn-power-2021", "cn-power-2022", "cn-power-2023", "cn-power-2024"], ids);
    }

    [Fact]
    public void Plans_lists_the_industrial_sector_plans_with_the_2025_benchmarks_not_published()
    {
        var r = CliRunner.Run(["plans", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var plans = doc.RootElement.GetProperty("sector_plans").EnumerateArray().ToArray();
        Assert.Equal(["cn-steel-2024", "cn-cement-2024", "cn-aluminium-2024", "cn-steel-2025", "cn-cement-2025", "cn-aluminium-2025"],
            plans.Select(p => p.GetProperty("id").GetString()!));
        var steel2024 = plans[0];
        Assert.Equal(("verified_emissions", "2025-12-31"), (steel2024.GetProperty("method").GetString(), steel2024.GetProperty("deadline").GetString()));
        var aluminium2025 = plans[5];
        Assert.Equal(["CO2", "CF4", "C2F6"], aluminium2025.GetProperty("gases").EnumerateArray().Select(g => g.GetString()!));
        Assert.Equal(0.7m, aluminium2025.GetProperty("pre_allocation_share").GetDecimal());
        var benchmark = aluminium2025.GetProperty("benchmark");
        Assert.Equal("not_published", benchmark.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, benchmark.GetProperty("value_t_per_unit").ValueKind);
        var text = CliRunner.Run(["plans"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("C2F6", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_prints_each_units_factors_parts_and_total_in_whole_tonnes()
    {
        var dir = CliRunner.TempDir();
        // U600: 2,850,000 × 0.877 × 1.0102 = 2,524,944.39 → 2,524,944.
        // U300: air 1.05, F_r 0.934: 1,200,000 × 0.979 × 1.05 × 0.934 = 1,152,126.36; heat 252,000 → 1,404,126.
        // G1: 800,000 × 0.392 × 0.7 = 219,520 + 88,500 heat = 308,020.
        var csv = Write(dir, "units.csv", Header + "\n" +
            "U600,Entity A,coal,coal_gt300,water,2850000,0,0,0.78\n" +
            "U300,Entity B,coal,coal_le300,air,1200000,2000000,0.30,0.70\n" +
            "G1,Entity B,gas,gas,water,800000,1500000,0.5,0.6\n");
        var r = CliRunner.Run(["allocate", "--plan", "cn-power-2019-2020", "--units", csv, "--json"], dir);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var units = doc.RootElement.GetProperty("units").EnumerateArray().ToArray();
        Assert.Equal(3, units.Length);
        Assert.Equal(1.0102m, units[0].GetProperty("load_factor").GetDecimal());
        Assert.Equal(2_524_944L, units[0].GetProperty("total_t").GetInt64());
        Assert.Equal(1.05m, units[1].GetProperty("cooling_factor").GetDecimal());
        Assert.Equal(0.934m, units[1].GetProperty("heat_supply_factor").GetDecimal());
        Assert.Equal(252_000L, units[1].GetProperty("heat_t").GetInt64());
        Assert.Equal(1_152_126L, units[1].GetProperty("electricity_t").GetInt64());
        Assert.Equal(1_404_126L, units[1].GetProperty("total_t").GetInt64());
        Assert.Equal(308_020L, units[2].GetProperty("total_t").GetInt64());
        Assert.Equal(2_524_944L + 1_404_126L + 308_020L, doc.RootElement.GetProperty("total_t").GetInt64());
    }

    [Fact]
    public void Allocate_reports_every_bad_row_with_its_line_and_computes_nothing()
    {
        var dir = CliRunner.TempDir();
        var csv = Write(dir, "bad.csv", Header + "\n" +
            "U1,E,oil,coal_gt300,water,1,0,0,0.9\n" +
            "U2,E,coal,coal_gt300,water,100,0,0,0.9\n" +
            "U3,E,coal,coal_gt300,water,100,0,0,78\n" +
            "U4,E,coal,coal_gt300,water,1000000,3000000,0,0.6\n");
        var r = CliRunner.Run(["allocate", "--plan", "cn-power-2019-2020", "--units", csv, "--json"], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout.Trim());
        Assert.Contains("line 2: fuel 'oil' is not coal or gas", r.Stderr);
        Assert.Contains("line 4: load_rate 78 must be a decimal between 0 and 1", r.Stderr);
        // A heat supplier declaring no heat-supply ratio would take the pure-condensing load bonus.
        Assert.Contains("line 5: supplied_heat_gj is 3000000 but heat_supply_ratio is 0", r.Stderr);
        Assert.DoesNotContain("line 3", r.Stderr);
    }

    [Fact]
    public void From_2023_the_units_file_carries_generated_mwh()
    {
        var dir = CliRunner.TempDir();
        var supplied = Write(dir, "supplied.csv", Header + "\nU1,E,coal,coal_gt300,water,100,0,0,0.9\n");
        var r = CliRunner.Run(["allocate", "--plan", "cn-power-2023", "--units", supplied], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("generated_mwh", r.Stderr);
        var generated = Write(dir, "generated.csv", Header.Replace("supplied_mwh", "generated_mwh") + "\nU1,E,coal,coal_gt300,water,1000000,0,0.4,0.9\n");
        var ok = CliRunner.Run(["allocate", "--plan", "cn-power-2023", "--units", generated, "--json"], dir);
        Assert.Equal(0, ok.ExitCode);
        using var doc = JsonDocument.Parse(ok.Stdout);
        var unit = doc.RootElement.GetProperty("units")[0];
        Assert.Equal(1m, unit.GetProperty("heat_supply_factor").GetDecimal());
    }

    [Fact]
    public void Unknown_plan_is_bad_input()
    {
        var dir = CliRunner.TempDir();
        var csv = Write(dir, "u.csv", Header + "\nU1,E,coal,coal_gt300,water,100,0,0,0.9\n");
        var r = CliRunner.Run(["allocate", "--plan", "cn-power-1999", "--units", csv], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown_plan", r.Stderr);
    }

    [Fact]
    public void Compliance_calc_settles_an_entity_year_with_offset_cap_shortfall_and_penalty()
    {
        // 2023: obligation 110,000; CCER cap 5,500, 3,000 held → 3,000; allowances 95,000; shortfall 12,000;
        // fine 5–10 × 12,000 × 97.49 = 5,849,400–11,698,800 yuan.
        var dir = CliRunner.TempDir();
        var input = Write(dir, "c.json", """{"plan":"cn-power-2023","allocation_t":100000,"verified_emissions_t":110000,"fuel":"coal","allowances_held_t":95000,"ccer_held_t":3000,"price_yuan":97.49}""");
        var r = CliRunner.Run(["compliance", "calc", "--input", input, "--json"], dir);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var o = doc.RootElement;
        Assert.Equal(110_000L, o.GetProperty("obligation_t").GetInt64());
        Assert.Equal(3_000L, o.GetProperty("ccer_used_t").GetInt64());
        Assert.Equal(95_000L, o.GetProperty("allowances_surrendered_t").GetInt64());
        Assert.Equal(12_000L, o.GetProperty("shortfall_t").GetInt64());
        Assert.Equal(5_849_400m, o.GetProperty("penalty_min_yuan").GetDecimal());
        Assert.Equal(11_698_800m, o.GetProperty("penalty_max_yuan").GetDecimal());
        Assert.Equal("partly", o.GetProperty("status").GetString());
    }

    [Fact]
    public void Compliance_calc_applies_the_gap_cap_and_gas_rule()
    {
        var dir = CliRunner.TempDir();
        var input = Write(dir, "g.json", """{"plan":"cn-power-2019-2020","allocation_t":300000,"verified_emissions_t":350000,"fuel":"gas","allowances_held_t":300000,"ccer_held_t":0,"price_yuan":42.85}""");
        var r = CliRunner.Run(["compliance", "calc", "--input", input, "--json"], dir);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(300_000L, doc.RootElement.GetProperty("obligation_t").GetInt64());
        Assert.Equal(0L, doc.RootElement.GetProperty("shortfall_t").GetInt64());
        Assert.Equal("compliant", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Compliance_calc_refuses_a_fractional_tonne()
    {
        var dir = CliRunner.TempDir();
        var input = Write(dir, "f.json", """{"plan":"cn-power-2023","allocation_t":100.5,"verified_emissions_t":1,"fuel":"coal","allowances_held_t":0,"ccer_held_t":0,"price_yuan":90}""");
        var r = CliRunner.Run(["compliance", "calc", "--input", input], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("allocation_t", r.Stderr);
    }
}
