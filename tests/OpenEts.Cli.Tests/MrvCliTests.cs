// The mrv commands run as a user runs them: the real binary, real files, exit codes and output.
using System.Text.Json;

namespace OpenEts.Cli.Tests;

public sealed class MrvCliTests
{
    private const string Issue4Input = """{"sector":"power","year":2023,"gwp":"AR5","fuels":[{"fuel":"bituminous_coal","consumption":1000000,"unit":"t","ncv_gj_per_unit":20.9,"carbon_content_tc_per_gj":null,"oxidation":null}],"purchased_electricity_mwh":5000,"purchased_heat_gj":0,"process":[],"other_gases":[{"gas":"CH4","tonnes":2.5}]}""";

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Calc_json_gives_lines_and_the_issue_4_total()
    {
        // 2,340,496.95 (coal, default CC and OF) + 2,851.5 (5,000 MWh × 0.5703) + 70 (2.5 t CH4 × 28) = 2,343,418.45 → 2,343,418.
        var dir = CliRunner.TempDir();
        var r = CliRunner.Run(["mrv", "calc", "--input", Write(dir, "in.json", Issue4Input), "--json"], dir);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(2_343_418, doc.RootElement.GetProperty("total_tco2e").GetInt64());
        Assert.Equal(2_340_567, doc.RootElement.GetProperty("covered_tco2e").GetInt64()); // 2023 power: direct only
        var lines = doc.RootElement.GetProperty("lines");
        Assert.Equal(3, lines.GetArrayLength());
        Assert.Equal(2_340_496.95m, lines[0].GetProperty("tco2e").GetDecimal());
        Assert.Contains("default, not measured", lines[0].GetProperty("working").GetString());
        Assert.Equal("carbon_content_tc_per_gj", lines[0].GetProperty("defaults_used")[0].GetString());
    }

    [Fact]
    public void Calc_prints_the_working_per_line()
    {
        var dir = CliRunner.TempDir();
        var r = CliRunner.Run(["mrv", "calc", "--input", Write(dir, "in.json", Issue4Input)], dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("CC 0.03085 tC/GJ (default, not measured)", r.Stdout);
        Assert.Contains("5,000 MWh × EF 0.5703", r.Stdout);
        Assert.Contains("total_tco2e 2,343,418", r.Stdout);
    }

    [Theory]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":-5}]}""", "negative_consumption")]
    [InlineData("""{"sector":"power","year":2023,"fuels":[{"fuel":"wood","consumption":5}]}""", "unknown_fuel")]
    [InlineData("""{"sector":"power","year":2023,"other_gases":[{"gas":"H2O","tonnes":1}]}""", "unknown_gas")]
    [InlineData("""{"sector":"power","fuels":[]}""", "missing_year")]
    [InlineData("""{"sector":"power",""", "malformed_json")]
    public void Calc_bad_input_exits_2_with_a_stable_code(string json, string code)
    {
        var dir = CliRunner.TempDir();
        var r = CliRunner.Run(["mrv", "calc", "--input", Write(dir, "bad.json", json)], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(code + ":", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    private const string Facilities = """
        entity_id,entity_name,facility_id,facility_name,sector,province,year,emissions_tco2e
        E1,Coal power Co,F1,Unit 1,power,hebei,2017,26000
        E2,Small Co,F2,Unit 2,power,yunnan,2017,25999
        """;

    [Fact]
    public void Coverage_lists_who_is_covered_and_why_under_both_names()
    {
        var dir = CliRunner.TempDir();
        var file = Write(dir, "facilities.csv", Facilities);
        foreach (var args in new[] { new[] { "coverage", "--year", "2019", "--input", file, "--json" }, new[] { "mrv", "coverage", "--year", "2019", "--input", file, "--json" } })
        {
            var r = CliRunner.Run(args, dir);
            Assert.Equal(0, r.ExitCode);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(1, doc.RootElement.GetProperty("covered_count").GetInt32());
            var first = doc.RootElement.GetProperty("entities")[0];
            Assert.Equal("E1", first.GetProperty("entity_id").GetString());
            Assert.Contains("26,000 t CO2e in 2017", first.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public void Import_reports_a_bad_row_with_its_line_and_writes_nothing()
    {
        var dir = CliRunner.TempDir();
        var file = Write(dir, "activity.csv", """
            facility_id,sector,year,kind,item,quantity,ncv_gj_per_unit
            F1,power,2023,fuel,bituminous_coal,1000000,20.9
            F1,power,2023,fuel,bituminous_coal,abc,20.9
            """);
        var outFile = Path.Combine(dir, "out.json");
        var r = CliRunner.Run(["mrv", "import", "--input", file, "--out", outFile], dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad_row", r.Stderr);
        Assert.Contains("line 3", r.Stderr);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void Report_exports_csv_with_the_rounded_totals()
    {
        // F1: 1,000,000 t coal at NCV 20.9 with defaults = 2,340,496.95 → 2,340,497; F2: 1,000,000 t clinker × 0.52 = 520,000.
        var dir = CliRunner.TempDir();
        var file = Write(dir, "activity.csv", """
            facility_id,sector,year,kind,item,quantity,ncv_gj_per_unit
            F1,power,2023,fuel,bituminous_coal,1000000,20.9
            F2,cement,2024,process,cement_clinker,1000000,
            """);
        var r = CliRunner.Run(["mrv", "report", "--input", file, "--format", "csv"], dir);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("facility_id,sector,year,gwp,direct_tco2e,indirect_tco2e,total_tco2e,defaults_used", lines[0]);
        Assert.StartsWith("F1,power,2023,AR5,2340496.95,0,2340497,", lines[1]);
        Assert.StartsWith("F2,cement,2024,AR5,520000,0,520000,", lines[2]);
    }

    [Fact]
    public void Quality_lists_reports_lowest_score_first_with_reasons()
    {
        var dir = CliRunner.TempDir();
        var file = Write(dir, "q.json", """
            {"reports":[
              {"facility_id":"GOOD","annual":{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1000,"ncv_gj_per_unit":20,"carbon_content_tc_per_gj":0.027,"oxidation":0.98}]},
               "monthly":[{"month":1,"tco2e":162,"deposited_on":"2023-02-20"},{"month":2,"tco2e":162,"deposited_on":"2023-03-20"},{"month":3,"tco2e":162,"deposited_on":"2023-04-20"},{"month":4,"tco2e":162,"deposited_on":"2023-05-20"},{"month":5,"tco2e":162,"deposited_on":"2023-06-20"},{"month":6,"tco2e":162,"deposited_on":"2023-07-20"},{"month":7,"tco2e":162,"deposited_on":"2023-08-20"},{"month":8,"tco2e":162,"deposited_on":"2023-09-20"},{"month":9,"tco2e":162,"deposited_on":"2023-10-20"},{"month":10,"tco2e":162,"deposited_on":"2023-11-20"},{"month":11,"tco2e":162,"deposited_on":"2023-12-20"},{"month":12,"tco2e":162,"deposited_on":"2024-01-20"}]},
              {"facility_id":"POOR","annual":{"sector":"power","year":2023,"fuels":[{"fuel":"bituminous_coal","consumption":1000}]}}
            ]}
            """);
        var r = CliRunner.Run(["mrv", "quality", "--input", file, "--json"], dir);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var reports = doc.RootElement.GetProperty("reports");
        Assert.Equal("POOR", reports[0].GetProperty("facility_id").GetString());
        Assert.Equal(100, reports[1].GetProperty("score").GetInt32());
        Assert.Contains("missing_month", reports[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
    }
}
